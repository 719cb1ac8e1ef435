import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPENAPI_FILE } from '../../../src/web/view/paths.js';
import { configuredExtras } from '../../../src/web/web-role.js';
import { startTestRedisServer, type TestRedisServer } from '../../utils/redis-server.js';
import { plantHost } from '../../utils/plant-host.js';
import { startTestWeb, type TestWeb } from '../../utils/web-harness.js';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>> };
type Call = { server: 'open' | 'locked' | 'down'; method?: 'GET' | 'POST' | 'DELETE'; path: string; body?: string; headers?: Record<string, string> };

const TOKEN = 'openapi-statuses-token-0123456789';
const doc = parse(readFileSync(OPENAPI_FILE, 'utf8')) as Doc;
const CONFIG = {
  web: { adhocRecipients: ['ops@example.test'] },
  reports: { daily: { recipients: { to: ['ops@example.test'] } } },
  alerts: { channels: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/' } } },
};
const SILENCE = { matchers: ['host=web-1'], duration: '1h', comment: 'maintenance', createdBy: 'ops' };
const json = (body: unknown) => ({ body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** A concrete request for each documented path template (the archive entry is filled in at start). */
const concrete: Record<string, string> = {
  '/api/reports': '/api/reports',
  '/api/reports/{id}': '/api/reports/daily-missing',
  '/api/hosts': '/api/hosts',
  '/api/hosts/{id}/series': '/api/hosts/web-1/series?metric=cpu.total',
  '/api/archive': '/api/archive',
  '/api/archive/verify': '/api/archive/verify',
  '/api/archive/{id}/{kind}': '/api/archive/ENTRY/json',
  '/api/alerts': '/api/alerts',
  '/api/silences': '/api/silences',
  '/api/silences/{id}': '/api/silences/SILENCE?by=ops',
  '/api/openapi.json': '/api/openapi.json',
  '/api/openapi.yaml': '/api/openapi.yaml',
  '/metrics': '/metrics',
  '/healthz': '/healthz',
  '/readyz': '/readyz',
};

/** The cases no rule generates: each documented success and input error, by hand. */
const HAND: Record<string, Call> = {
  'POST /api/reports 202': { server: 'open', method: 'POST', path: '/api/reports', ...json({ report: 'daily' }) },
  'POST /api/reports 400': { server: 'open', method: 'POST', path: '/api/reports', ...json({ report: 'nope' }) },
  'POST /api/reports 413': { server: 'open', method: 'POST', path: '/api/reports', ...json({ report: 'x'.repeat(300 * 1024) }) },
  'POST /api/reports 415': { server: 'open', method: 'POST', path: '/api/reports', body: '{"report":"daily"}', headers: { 'content-type': 'text/plain' } },
  'GET /api/reports 200': { server: 'open', path: '/api/reports' },
  'GET /api/reports 400': { server: 'open', path: '/api/reports?limit=0' },
  'GET /api/reports/{id} 200': { server: 'open', path: '/api/reports/REPORT' },
  'GET /api/reports/{id} 400': { server: 'open', path: '/api/reports/bad%20id' },
  'GET /api/reports/{id} 404': { server: 'open', path: '/api/reports/daily-missing' },
  'GET /api/hosts 200': { server: 'open', path: '/api/hosts' },
  'GET /api/hosts/{id}/series 200': { server: 'open', path: '/api/hosts/web-1/series?metric=cpu.total' },
  'GET /api/hosts/{id}/series 400': { server: 'open', path: '/api/hosts/web-1/series?metric=CPU' },
  'GET /api/hosts/{id}/series 404': { server: 'open', path: '/api/hosts/ghost/series?metric=cpu.total' },
  'GET /api/archive 200': { server: 'open', path: '/api/archive' },
  'GET /api/archive/verify 200': { server: 'open', path: '/api/archive/verify' },
  'GET /api/archive/{id}/{kind} 200': { server: 'open', path: '/api/archive/ENTRY/json' },
  'GET /api/archive/{id}/{kind} 400': { server: 'open', path: `/api/archive/${'x'.repeat(800)}/json` },
  'GET /api/archive/{id}/{kind} 404': { server: 'open', path: '/api/archive/no-such-entry/json' },
  'GET /api/alerts 200': { server: 'open', path: '/api/alerts' },
  'GET /api/silences 200': { server: 'open', path: '/api/silences' },
  'GET /api/silences 400': { server: 'open', path: '/api/silences?state=bogus' },
  'POST /api/silences 201': { server: 'open', method: 'POST', path: '/api/silences', ...json(SILENCE) },
  'POST /api/silences 400': { server: 'open', method: 'POST', path: '/api/silences', ...json({ ...SILENCE, matchers: [] }) },
  'POST /api/silences 413': { server: 'open', method: 'POST', path: '/api/silences', ...json({ ...SILENCE, comment: 'x'.repeat(300 * 1024) }) },
  'POST /api/silences 415': { server: 'open', method: 'POST', path: '/api/silences', body: JSON.stringify(SILENCE), headers: { 'content-type': 'text/plain' } },
  'GET /api/silences/{id} 200': { server: 'open', path: '/api/silences/SILENCE' },
  'GET /api/silences/{id} 400': { server: 'open', path: '/api/silences/not-an-id' },
  'GET /api/silences/{id} 404': { server: 'open', path: '/api/silences/00000000-0000-0000-0000-000000000000' },
  'DELETE /api/silences/{id} 200': { server: 'open', method: 'DELETE', path: '/api/silences/SILENCE?by=ops' },
  'DELETE /api/silences/{id} 400': { server: 'open', method: 'DELETE', path: '/api/silences/SILENCE' },
  'DELETE /api/silences/{id} 404': { server: 'open', method: 'DELETE', path: '/api/silences/00000000-0000-0000-0000-000000000000?by=ops' },
  'DELETE /api/silences/{id} 409': { server: 'open', method: 'DELETE', path: '/api/silences/ENDED?by=ops' },
  'GET /api/openapi.json 200': { server: 'open', path: '/api/openapi.json' },
  'GET /api/openapi.yaml 200': { server: 'open', path: '/api/openapi.yaml' },
  'GET /metrics 200': { server: 'open', path: '/metrics' },
  'GET /healthz 200': { server: 'open', path: '/healthz' },
  'GET /readyz 200': { server: 'open', path: '/readyz' },
};

function call(base: string, c: Call, subst: Record<string, string>): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  const path = Object.entries(subst).reduce((p, [k, v]) => p.replace(k, v), c.path);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: c.method ?? 'GET', headers: { accept: 'application/json', ...c.headers } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

// docs/openapi.yaml and the server agree: every documented status of every operation is one the
// server really gives for some request, and each of those requests gets exactly that status.
describe('every status in docs/openapi.yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-openapi-'));
  let open: TestWeb;
  let locked: TestWeb;
  let down: TestWeb;
  let redis: TestRedisServer;
  const subst: Record<string, string> = {};

  beforeAll(async () => {
    open = await startTestWeb({ raw: CONFIG, extras: configuredExtras });
    locked = await startTestWeb({ raw: CONFIG, env: { CHECKUP_API_TOKEN: TOKEN }, extras: configuredExtras });
    redis = await startTestRedisServer(dir, { persist: false });
    down = await startTestWeb({ raw: CONFIG, redisUrl: redis.url, extras: configuredExtras });
    await plantHost(open.rt.deps, { host: 'web-1', count: 3, stepMs: 10_000 });
    const entry = await open.rt.deps.archive.put({
      reportId: 'r-1',
      name: 'daily',
      period: { from: 0, to: 1 },
      hosts: ['web-1'],
      files: { json: Buffer.from('{}') },
    });
    subst.ENTRY = entry.id;
    // One silence to read and expire, another already ended (409).
    subst.SILENCE = (JSON.parse((await call(open.url, HAND['POST /api/silences 201']!, {})).body) as { silence: { id: string } }).silence.id;
    subst.ENDED = (JSON.parse((await call(open.url, HAND['POST /api/silences 201']!, {})).body) as { silence: { id: string } }).silence.id;
    await call(open.url, { server: 'open', method: 'DELETE', path: `/api/silences/${subst.ENDED}?by=ops` }, {});
    const queued = await call(open.url, HAND['POST /api/reports 202']!, {});
    subst.REPORT = (JSON.parse(queued.body) as { id: string }).id;
    await redis.stop();
    await new Promise((r) => setTimeout(r, 300));
  });
  afterAll(async () => {
    await Promise.all([open?.close(), locked?.close()]);
    await down?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is produced by the server, and nothing undocumented is', async () => {
    const cases = new Map<string, Call>(Object.entries(HAND));
    const documented: string[] = [];
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const m = method.toUpperCase() as 'GET' | 'POST' | 'DELETE';
        const body = template === '/api/silences' ? SILENCE : { report: 'daily' };
        const base = { method: m, path: concrete[template] ?? template, ...(m === 'POST' ? json(body) : {}) };
        for (const status of Object.keys(op.responses)) {
          const key = `${m} ${template} ${status}`;
          documented.push(key);
          // Rules that hold for every operation: no token, a foreign Host, Redis gone.
          if (status === '401') cases.set(key, { server: 'locked', ...base });
          if (status === '403' && !cases.has(key)) cases.set(key, { server: 'open', ...base, headers: { ...base.headers, host: 'evil.example' } });
          if (status === '503') cases.set(key, { server: 'down', ...base });
        }
      }
    }
    expect(
      documented.filter((k) => !cases.has(k)),
      'documented statuses without a case',
    ).toEqual([]);
    expect(
      [...cases.keys()].filter((k) => !documented.includes(k)),
      'cases for undocumented statuses',
    ).toEqual([]);
    const servers = { open, locked, down };
    const wrong: string[] = [];
    for (const [key, c] of cases) {
      const res = await call(servers[c.server].url, c, subst);
      const want = Number(key.split(' ').pop());
      if (res.status !== want) wrong.push(`${key}: got ${res.status} ${res.body.slice(0, 200)}`);
      // /readyz answers its own Ready body; every other error is { error, message }.
      if (want >= 400 && !key.startsWith('GET /readyz') && !/^\{"error":"[a-z_]+","message":"[^"]+/.test(res.body))
        wrong.push(`${key}: error body ${res.body.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });
});
