import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Code for an eval worker that loads the TypeScript module `entry` (a file URL) through tsx. */
export function tsxImportCode(entry: string, parent: string): string {
  const pkgPath = createRequire(parent).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const api = new URL(pkg.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs', pathToFileURL(pkgPath)).href;
  return `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(parent)}))`;
}

/**
 * Starts the worker-thread entry `name` (e.g. `probe-thread.js`) that sits next to `here`
 * (the caller's import.meta.url). Built code loads the .js file; from the sources (tests, tsx)
 * the entry is TypeScript and is loaded through tsx's loader.
 */
export function spawnSiblingWorker(here: string, name: string): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}`, here));
  return new Worker(tsxImportCode(new URL(`./${name.replace(/\.js$/, '.ts')}`, here).href, here), { eval: true });
}
