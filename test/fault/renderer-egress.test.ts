import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/app/create-deps.js';
import { BUILTIN_TEMPLATES } from '../../src/report/templates/template-engine.js';
import { createPdfRenderer, type PdfRenderer } from '../../src/report/pdf/pdf-renderer.js';
import { renderReport } from '../../src/report/render-report.js';
import { buildReportRequest } from '../../src/report/request-factory.js';
import { silentLogger } from '../../src/shared/logger.js';
import { simulateFleet } from '../../src/simulate/simulate.js';
import { pdfText } from '../utils/pdf.js';
import { cleanupPrefix, testPrefix } from '../utils/redis.js';
import { testConfig } from '../utils/test-config.js';
import { figure } from '../utils/figure.js';

/**
 * Every way a static HTML document can make a browser fetch or connect, each naming a distinct
 * path. `o` is the listener's origin; each vector is used with 127.0.0.1 and with localhost,
 * since Chromium bypasses proxies for loopback names unless told not to.
 */
const VECTORS: Array<[string, (o: string) => string]> = [
  ['link rel=prefetch', (o) => `<link rel="prefetch" href="${o}/prefetch">`],
  ['link rel=preload', (o) => `<link rel="preload" href="${o}/preload.png" as="image"><link rel="modulepreload" href="${o}/modulepreload.js">`],
  ['link rel=preconnect', (o) => `<link rel="preconnect" href="${o}">`],
  ['link rel=dns-prefetch', (o) => `<link rel="dns-prefetch" href="${o}/dns-prefetch">`],
  ['link rel=stylesheet', (o) => `<link rel="stylesheet" href="${o}/style.css">`],
  ['link rel=icon / manifest', (o) => `<link rel="icon" href="${o}/icon.png"><link rel="manifest" href="${o}/manifest.json">`],
  ['meta refresh', (o) => `<meta http-equiv="refresh" content="0;url=${o}/refresh">`],
  ['CSS @import', (o) => `<style>@import url("${o}/import.css");</style>`],
  ['CSS @font-face', (o) => `<style>@font-face { font-family: leak; src: url("${o}/font.woff2"); } p { font-family: leak; }</style>`],
  [
    'CSS url() in properties',
    (o) =>
      `<style>body { background: url("${o}/bg.png"); } li { list-style-image: url("${o}/list.png"); } div { cursor: url("${o}/cursor.png"), auto; border-image: url("${o}/border.png") 30; mask-image: url("${o}/mask.png"); background-image: image-set("${o}/image-set.png" 1x); }</style><ul><li>x</li></ul><div>d</div>`,
  ],
  ['img src / srcset', (o) => `<img src="${o}/img.png"><img srcset="${o}/srcset.png 1x"><input type="image" src="${o}/input.png">`],
  ['picture source', (o) => `<picture><source srcset="${o}/picture.png"><img src="data:,"></picture>`],
  ['iframe / frame', (o) => `<iframe src="${o}/iframe"></iframe><iframe srcdoc="<img src='${o}/srcdoc.png'>"></iframe>`],
  ['object / embed', (o) => `<object data="${o}/object"></object><embed src="${o}/embed">`],
  [
    'video / audio / track',
    (o) =>
      `<video poster="${o}/poster.png" src="${o}/video.mp4"><track src="${o}/track.vtt" default></video><audio src="${o}/audio.mp3" preload="auto"></audio>`,
  ],
  [
    'svg image / use / feImage',
    (o) =>
      `<svg width="10" height="10"><image href="${o}/svg-image.png" width="10" height="10"/><use href="${o}/use.svg#a"/><filter id="f"><feImage href="${o}/feimage.png"/></filter></svg>`,
  ],
  ['base href + relative URLs', (o) => `<base href="${o}/base/"><img src="relative.png"><link rel="prefetch" href="relative-prefetch">`],
];

// What a user template can do once it drops the Content-Security-Policy <meta>: nothing may reach
// the network anyway (#12 item 5). A listener counts both HTTP requests and bare TCP connections
// (a preconnect opens a socket without sending anything).
describe('the renderer fetches nothing, whatever the document asks for', () => {
  let server: Server;
  let hits: string[] = [];
  let connections = 0;
  let port = 0;
  let renderer: PdfRenderer;
  const dir = mkdtempSync(join(tmpdir(), 'checkup-egress-'));
  const origins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const settle = () => new Promise((r) => setTimeout(r, 700));

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.setHeader('content-type', 'text/html');
      res.end('<p>fetched</p>');
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    port = typeof a === 'object' && a ? a.port : 0;
    renderer = createPdfRenderer({ protocolTimeout: 30_000, restartAfter: 100, log: silentLogger() });
  });
  afterAll(async () => {
    await renderer.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('each of the 17 vectors, in a document without any CSP of its own', async () => {
    expect(VECTORS).toHaveLength(17);
    const leaks: string[] = [];
    const lost: string[] = [];
    for (const [name, make] of VECTORS) {
      hits = [];
      connections = 0;
      const html = `<!doctype html><html><head>${origins().map(make).join('')}</head><body><p>vector ${name}</p>${origins().map(make).join('')}</body></html>`;
      const { pdf } = await renderer.render({ html, paper: 'A4', title: name, period: 'p', scope: 's', locale: 'en', timeoutMs: 30_000 });
      await settle();
      if (hits.length > 0 || connections > 0) leaks.push(`${name}: ${connections} connection(s), requests ${JSON.stringify(hits)}`);
      const path = join(dir, 'vector.pdf');
      writeFileSync(path, pdf);
      // The document itself still prints (a meta refresh must not navigate it away).
      if (!pdfText(path).includes(`vector ${name}`)) lost.push(name);
    }
    expect(leaks).toEqual([]);
    expect(lost).toEqual([]);
    figure('renderer egress', { vectors: VECTORS.length, leaks: leaks.length, pagesPrinted: VECTORS.length - lost.length });
  });

  it('a report rendered from a user template that drops the CSP <meta> and carries every vector', async () => {
    const prefix = testPrefix();
    const templates = mkdtempSync(join(tmpdir(), 'checkup-egress-tpl-'));
    mkdirSync(join(templates, 'partials'), { recursive: true });
    const builtin = readFileSync(join(BUILTIN_TEMPLATES, 'partials/head.hbs'), 'utf8');
    const head = builtin.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(head).not.toContain('Content-Security-Policy');
    const vectors = origins()
      .flatMap((o) => VECTORS.map(([, make]) => make(o)))
      .join('\n');
    writeFileSync(join(templates, 'partials/head.hbs'), head.replace('</head>', `${vectors}\n</head>`));
    const config = testConfig({
      prefix,
      raw: { templates: { dir: templates }, render: { forecastThreads: 0 }, reports: { daily: { hosts: 'all', formats: ['pdf', 'html'] } } },
    });
    const rt = createRuntime({ config, log: silentLogger(), redisUrl: config.redis.url });
    try {
      await simulateFleet({
        store: rt.deps.store,
        hosts: rt.deps.hosts,
        checks: rt.deps.checkStore,
        count: 1,
        days: 1,
        seed: 3,
        stepMs: 300_000,
      });
      hits = [];
      connections = 0;
      const request = buildReportRequest({ config, name: 'daily', trigger: 'adhoc', at: Date.now() });
      const out = await renderReport({ deps: rt.deps, request, progress: async () => undefined });
      await settle();
      const entry = await rt.deps.archive.get(out.archiveId);
      const html = (await rt.deps.archive.readFile(entry!, 'html'))!.toString('utf8');
      // The template really carried every vector and no policy of its own.
      expect(html).toContain(`${origins()[0]}/prefetch`);
      expect(html).not.toContain('Content-Security-Policy');
      expect(pdfText(rt.deps.archive.filePath(entry!, 'pdf')!)).toContain('sim-001');
      expect({ hits, connections }).toEqual({ hits: [], connections: 0 });
    } finally {
      await rt.close();
      await cleanupPrefix(prefix);
    }
  });
});
