import { createServer, type Server } from 'node:http';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdfRenderer, type PdfRenderer } from '../../../src/report/pdf/pdf-renderer.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { pdfText } from '../../utils/pdf.js';

const base = { paper: 'A4' as const, title: 'T', period: 'P', scope: 'S', locale: 'en', timeoutMs: 30_000 };

describe('PDF renderer (real Chromium)', () => {
  let server: Server;
  let hits: string[] = [];
  let origin = '';
  let renderer: PdfRenderer;
  const dir = mkdtempSync(join(tmpdir(), 'checkup-pdf-'));

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    renderer = createPdfRenderer({ protocolTimeout: 30_000, restartAfter: 3, log: silentLogger() });
  });
  afterAll(async () => {
    await renderer.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('fetches nothing a page asks for, whatever the element', async () => {
    hits = [];
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="${origin}/style.css">
      <style>@import url("${origin}/import.css"); @font-face { font-family: x; src: url("${origin}/font.woff2"); } body { background: url("${origin}/bg.png"); font-family: x; }</style>
      <script src="${origin}/app.js"></script></head>
      <body><h1>isolated</h1><img src="${origin}/img.png"><iframe src="${origin}/frame"></iframe>
      <object data="${origin}/obj"></object><video poster="${origin}/poster.png"></video></body></html>`;
    const { pdf, blockedRequests } = await renderer.render({ ...base, html });
    const path = join(dir, 'isolated.pdf');
    writeFileSync(path, pdf);
    expect(pdfText(path)).toContain('isolated');
    expect(hits).toEqual([]);
    // Most never get as far as a request: the CSP response header stops them in the page.
    expect(blockedRequests.every((u) => u.startsWith(origin))).toBe(true);
  });

  it('escapes user text in the page header and footer', async () => {
    const { pdf } = await renderer.render({ ...base, title: `<img src="${origin}/header.png">`, scope: 'web & db', html: '<p>body</p>' });
    const path = join(dir, 'header.pdf');
    writeFileSync(path, pdf);
    const text = pdfText(path);
    expect(text).toContain(`<img src="${origin}/header.png">`);
    expect(text).toContain('web & db');
    expect(text).toMatch(/Page 1 of 1/);
    expect(hits.filter((h) => h.includes('header'))).toEqual([]);
  });

  it('recycles the browser after the configured number of renders', async () => {
    const before = renderer.restarts();
    for (let i = 0; i < 3; i++) await renderer.render({ ...base, html: `<p>n${i}</p>` });
    expect(renderer.restarts()).toBeGreaterThan(before);
  });

  it('fails a render that takes too long with a clear error, and renders again afterwards', async () => {
    const huge = `<table>${'<tr><td>row</td></tr>'.repeat(200_000)}</table>`;
    await expect(renderer.render({ ...base, html: huge, timeoutMs: 50 })).rejects.toMatchObject({ code: 'RENDER_TIMEOUT' });
    const { pdf } = await renderer.render({ ...base, html: '<p>after timeout</p>' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
