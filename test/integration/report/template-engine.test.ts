import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplateEngine } from '../../../src/report/templates/template-engine.js';
import { TemplateError } from '../../../src/report/templates/template-error.js';

const loc = { locale: 'en', timezone: 'Europe/Berlin' };
const model = (hostId: string) => ({
  meta: {
    id: 'r1',
    title: 'Daily',
    periodLabel: 'yesterday',
    timezone: 'Europe/Berlin',
    hostCount: 1,
    generatedAt: Date.UTC(2026, 10, 22, 6),
    archiveId: 'abc',
  },
  single: true,
  summary: { score: 92, status: 'warn', hostCount: 1, hostsOk: 0, issues: [{ severity: 'warn', text: `Disk / on ${hostId} is 85% full` }], reasons: ['rule'] },
  hosts: [{ id: hostId, anchor: 'host-x', status: 'warn', hasData: false, stats: {}, charts: [], disks: [], network: [], processes: null, gaps: [] }],
  tocPages: {},
  delivery: {},
});

function userDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-tpl-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('template engine', () => {
  it('escapes hostile host names in the HTML', () => {
    const html = createTemplateEngine().render('layouts/host', model('<img src=x onerror=alert(1)>'), loc);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('formats numbers, dates and strings per locale', () => {
    const engine = createTemplateEngine();
    const zh = engine.render('layouts/host', model('web-1'), { locale: 'zh-CN', timezone: 'Asia/Shanghai' });
    expect(zh).toContain('执行摘要');
    expect(zh).toContain('lang="zh-CN"');
    const en = engine.render('layouts/host', model('web-1'), loc);
    expect(en).toContain('Executive summary');
    expect(en).toMatch(/22 Nov 2026|Nov 22, 2026/);
  });

  it('keeps the plain-text mail unescaped', () => {
    const text = createTemplateEngine().render('email/text', model('a&b'), loc);
    expect(text).toContain('a&b');
    expect(text).not.toContain('&amp;');
  });

  it('lets a user folder override a partial', () => {
    const engine = createTemplateEngine({ userDir: userDir({ 'partials/cover.hbs': '<header class="cover"><h1>ACME {{meta.title}}</h1></header>' }) });
    expect(engine.render('layouts/host', model('web-1'), loc)).toContain('<h1>ACME Daily</h1>');
  });

  it('reports a broken user template with its file and line, without throwing at start-up', () => {
    const dir = userDir({ 'layouts/host.hbs': '<html>\n<body>\n{{#each hosts}}\n<p>{{id}}</p>\n</body>' });
    const engine = createTemplateEngine({ userDir: dir });
    let err: unknown;
    try {
      engine.render('layouts/host', model('web-1'), loc);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as TemplateError).file).toBe(join(dir, 'layouts/host.hbs'));
    expect((err as TemplateError).line).toBeGreaterThan(0);
    expect((err as TemplateError).message).toMatch(/host\.hbs:\d+/);
    // Other templates still work.
    expect(engine.render('email/text', model('web-1'), loc)).toContain('web-1');
  });

  it('reports a helper failure at render time as a template error', () => {
    const engine = createTemplateEngine({ userDir: userDir({ 'layouts/host.hbs': '<p>{{nosuchhelper meta.title 3}}</p>' }) });
    expect(() => engine.render('layouts/host', model('web-1'), loc)).toThrow(TemplateError);
  });
});
