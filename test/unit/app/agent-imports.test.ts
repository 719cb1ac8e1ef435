import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../../..');

/** Value imports only: `import type` and `import()` load nothing when the module is evaluated. */
function staticImports(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const s of src.statements) {
    if (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly && ts.isStringLiteral(s.moduleSpecifier)) out.push(s.moduleSpecifier.text);
    if (ts.isExportDeclaration(s) && !s.isTypeOnly && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) out.push(s.moduleSpecifier.text);
  }
  return out;
}

/** Every local module and bare package that evaluating `entry` loads. */
function graph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
        continue;
      }
      const base = resolve(dirname(file), spec);
      const hit = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')].find((c) => existsSync(c));
      if (hit) visit(hit);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('the agent process', () => {
  it('loads no report, delivery or chart code when it starts', () => {
    const { files, packages } = graph(join(ROOT, 'src/app/agent-role.ts'));
    for (const heavy of ['echarts', 'pdf-lib', 'juice', 'puppeteer', 'nodemailer']) expect(packages).not.toContain(heavy);
    const rel = [...files].map((f) => f.slice(ROOT.length + 1));
    expect(rel.filter((f) => f.startsWith('src/report/charts/') || f.startsWith('src/report/pdf/') || f === 'src/report/render-report.ts')).toEqual([]);
    expect(rel).toContain('jobs/collect-snapshot.job.ts');
  });
});
