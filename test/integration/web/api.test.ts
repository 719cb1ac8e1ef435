import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { alertKeys } from '../../../src/alert/alert-store.js';
import { QueueKind, queueName } from '../../../src/queue/queue-names.js';
import { buildWebContext } from '../../../src/web/web-role.js';
import { createWebServer } from '../../../src/web/server.js';
import { OPENAPI_FILE } from '../../../src/web/view/paths.js';
import { plantHost } from '../../utils/plant-host.js';
import { getJson, postJson, startTestWeb, type TestWeb } from '../../utils/web-harness.js';

// The JSON API over real HTTP against real Redis and a real archive directory. No worker runs:
// what is checked is what the API itself does (validate, enqueue, read back).
describe('web API', () => {
  let web: TestWeb;
  const now = Date.now();

  beforeAll(async () => {
    web = await startTestWeb({
      raw: {
        web: { adhocRecipients: ['@example.test'] },
        reports: { daily: { period: 'day', recipients: { to: ['ops@example.test'] } }, weekly: { period: 'week', template: 'fleet' } },
      },
    });
    const { deps } = web.rt;
    await plantHost(deps, { host: 'web-1', count: 30, stepMs: 10_000, end: now, cpu: (i) => 10 + i, disks: [{ mount: '/', usedPct: () => 42 }] });
    await plantHost(deps, { host: 'db-1', count: 5, stepMs: 10_000, end: now, disks: [{ mount: '/data', usedPct: () => 95 }] });
  });
  afterAll(async () => web?.close());

  it('POST /api/reports queues render-report exactly like the CLI, and GET follows it', async () => {
    const res = await postJson(`${web.url}/api/reports`, { report: 'daily', hosts: ['web-1'], period: 'day', emails: ['e2e@example.test'], locale: 'zh-CN' });
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    expect(id).toMatch(/^daily-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(res.headers.get('location')).toBe(`/api/reports/${id}`);

    const jobs = await web.rt.queues.get(queueName(QueueKind.Report)).getJobs(['waiting', 'delayed', 'prioritized']);
    const job = jobs.find((j) => (j.data as { request?: { id: string } }).request?.id === id);
    expect(job?.name).toBe('render-report');
    const request = (job!.data as { request: Record<string, unknown> }).request;
    expect(request).toMatchObject({
      name: 'daily',
      hosts: ['web-1'],
      periodKind: 'day',
      locale: 'zh-CN',
      trigger: 'adhoc',
      recipients: { to: ['e2e@example.test'], cc: [], bcc: [] },
    });
    expect((request.to as number) - (request.from as number)).toBe(86_400_000);

    const got = await getJson(`${web.url}/api/reports/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id,
      name: 'daily',
      status: 'queued',
      progress: 0,
      done: false,
      archiveId: null,
      links: { self: `/api/reports/${id}`, pdf: null, html: null },
    });
    expect((got.body.ledger as Array<{ stage: string }>).map((e) => e.stage)).toEqual(['generated']);
    const list = await getJson(`${web.url}/api/reports?limit=5`);
    expect((list.body.reports as Array<{ id: string }>).map((r) => r.id)).toContain(id);
  });

  it('answers bad input with 400 naming the field, and no stack trace', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'report'],
      [{ report: 'nope' }, 'report'],
      [{ report: 'daily', emails: ['not-an-email'] }, 'emails.0'],
      [{ report: 'daily', hosts: ['ghost'] }, 'hosts'],
      [{ report: 'daily', period: 'year' }, 'period'],
      [{ report: 'daily', period: 'day', from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' }, 'period'],
      [{ report: 'daily', from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 'from'],
      [{ report: 'daily', from: 'yesterday-ish', to: '2025-01-01T00:00:00Z' }, 'from'],
      [{ report: 'daily', command: 'rm -rf /' }, 'command'],
      ['{"report": ', 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await postJson(`${web.url}/api/reports`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body, JSON.stringify(body)).toMatchObject({ error: 'bad_request', field });
      expect(String(res.body.message)).not.toMatch(/\n\s+at /);
    }
    const queries: Array<[string, string]> = [
      ['/api/hosts/web-1/series', 'metric'],
      ['/api/hosts/web-1/series?metric=CPU%20total', 'metric'],
      ['/api/hosts/web-1/series?metric=cpu.bogus', 'metric'],
      ['/api/hosts/web-1/series?metric=net.rx_errors_made_up', 'metric'],
      ['/api/hosts/web-1/series?metric=cpu.idle', 'metric'],
      ['/api/hosts/web-1/series?metric=cpu.total&step=1ms', 'step'],
      ['/api/hosts/web-1/series?metric=cpu.total&from=last-tuesday', 'from'],
      ['/api/hosts/web-1/series?metric=cpu.total&from=2000&to=1000', 'from'],
      ['/api/hosts/web-1/series?metric=cpu.total&from=0&to=86400000000&step=1s', 'step'],
      ['/api/hosts/web-1/series?metric=cpu.total&bogus=1', 'bogus'],
      ['/api/reports/bad%20id', 'id'],
      ['/api/reports?limit=0', 'limit'],
    ];
    for (const [path, field] of queries) {
      const res = await getJson(`${web.url}${path}`);
      expect(res.status, path).toBe(400);
      expect(res.body, path).toMatchObject({ error: 'bad_request', field });
    }
    const form = await fetch(`${web.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'report=daily',
    });
    expect(form.status).toBe(415);
  });

  it('answers unknown ids with 404', async () => {
    for (const path of [
      '/api/reports/daily-20250101T000000Z-abcdef',
      '/api/hosts/ghost/series?metric=cpu.total',
      '/api/archive/0123456789abcdef/pdf',
      '/api/nothing-here',
    ]) {
      const res = await getJson(`${web.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.body.error, path).toBe('not_found');
    }
  });

  it('lists hosts with health from their latest snapshot, and serves their series', async () => {
    const { body } = await getJson(`${web.url}/api/hosts`);
    const hosts = body.hosts as Array<Record<string, unknown>>;
    const web1 = hosts.find((h) => h.id === 'web-1')!;
    const db1 = hosts.find((h) => h.id === 'db-1')!;
    expect(web1).toMatchObject({ status: 'ok', stale: false, latest: { cpuPct: 39, memPct: 40 } });
    expect(db1).toMatchObject({ status: 'fail', reasons: ['disk /data 95.0% full'] });
    // Failing hosts come first: the overview is read top-down.
    expect(hosts[0]!.id).toBe('db-1');

    const res = await getJson(`${web.url}/api/hosts/web-1/series?metric=cpu.total&from=${now - 300_000}&to=${now + 1}&step=10s`);
    expect(res.status).toBe(200);
    const series = res.body.series as Array<{ labels: Record<string, string>; points: Array<{ t: number; v: number | null }> }>;
    const total = series.find((s) => Object.keys(s.labels).length === 0)!;
    const values = total.points.filter((p) => p.v !== null).map((p) => p.v);
    expect(values).toEqual(Array.from({ length: 30 }, (_, i) => 10 + i));
    const disk = await getJson(`${web.url}/api/hosts/db-1/series?metric=disk.used_pct&from=${now - 60_000}&to=${now + 1}`);
    expect((disk.body.series as Array<{ labels: Record<string, string> }>).map((s) => s.labels)).toEqual([{ mount: '/data' }]);
  });

  it('resolves archive downloads only through the manifest: ../ is a 404', async () => {
    const { deps } = web.rt;
    const pdf = Buffer.from('%PDF-1.4\n% checkup api test\n');
    const entry = await deps.archive.put({
      reportId: 'daily-test',
      name: 'daily',
      period: { from: now - 86_400_000, to: now },
      hosts: ['web-1'],
      files: { pdf, json: Buffer.from('{}') },
    });
    const list = await getJson(`${web.url}/api/archive`);
    expect((list.body.entries as Array<{ id: string }>).map((e) => e.id)).toContain(entry.id);

    const res = await fetch(`${web.url}/api/archive/${entry.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="daily-daily-test.pdf"');
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);

    const sha = entry.files!.pdf!.sha256;
    const attempts = [
      '/api/archive/..%2F..%2F..%2F..%2Fetc%2Fpasswd/pdf',
      `/api/archive/..%2Fobjects%2F${sha.slice(0, 2)}%2F${sha}/pdf`,
      `/api/archive/${sha}/pdf`,
      `/api/archive/${entry.id}/..%2F..%2Fmanifest.jsonl`,
      `/api/archive/${entry.id}/exe`,
      '/archive/..%2F..%2Fmanifest.jsonl/json',
    ];
    for (const path of attempts) expect((await fetch(`${web.url}${path}`)).status, path).toBe(404);
    // fetch() normalises dot segments; a raw request line keeps them as sent.
    for (const raw of [
      '/api/archive/../../../../etc/passwd',
      `/api/archive/../../archive/manifest.jsonl/pdf`,
      `/api/archive/${entry.id}/../../../etc/passwd`,
    ]) {
      expect(await rawStatus(web.url, raw), raw).toBe(404);
    }
  });

  it('says when alerting is not configured instead of reporting silence', async () => {
    const res = await getJson(`${web.url}/api/alerts`);
    expect(res.body).toEqual({ configured: false, firing: [], pending: [], silences: [] });
  });

  it('keeps internals out of a 500: a corrupt alert record fails the request, not the server', async () => {
    const withAlerts = await startTestWeb({ extras: (rt) => ({ alerts: rt.deps.alertReader }) });
    try {
      const { config } = withAlerts.rt.deps;
      const redis = withAlerts.rt.connection;
      expect((await getJson(`${withAlerts.url}/api/alerts`)).body).toMatchObject({ configured: true, firing: [] });
      // A record the real reader cannot parse: JSON.parse throws deep inside it.
      await redis.hset(alertKeys(config.redis.prefix).state, 'broken', '{"instance": {not json');
      const res = await fetch(`${withAlerts.url}/api/alerts`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'internal', message: 'internal error; the server log has the details' });
      expect(text).not.toMatch(/JSON|position|\.ts|at /);
      const page = await fetch(`${withAlerts.url}/alerts`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('could not be read just now');
      expect((await getJson(`${withAlerts.url}/healthz`)).status).toBe(200);
    } finally {
      await withAlerts.close();
    }
  });

  it('serves an OpenAPI document that describes every API route and only those', async () => {
    const served = await getJson(`${web.url}/api/openapi.json`);
    const doc = parse(readFileSync(OPENAPI_FILE, 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(served.body).toEqual(doc);
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)),
    );

    const app = await createWebServer(buildWebContext(web.rt));
    await app.ready();
    const routes = routeTable(app.printRoutes({ commonPrefix: false })).filter(
      (r) => / \/api\/|\/metrics$|\/healthz$|\/readyz$/.test(r) && !r.includes('/admin/queues'),
    );
    await app.close();
    expect(new Set(routes)).toEqual(documented);
    // The API writes two things only: report requests and silences.
    expect(routes.filter((r) => !r.startsWith('GET ')).sort()).toEqual(['DELETE /api/silences/:id', 'POST /api/reports', 'POST /api/silences']);
  });
});

/** Full "VERB /path" lines from Fastify's printed route tree (children are printed relative). */
function routeTable(tree: string): string[] {
  const stack: string[] = [];
  return tree.split('\n').flatMap((line) => {
    const m = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)/.exec(line);
    if (!m) return [];
    const depth = m[1]!.length / 4;
    const parent = stack[depth - 1] ?? '';
    const path =
      parent.endsWith('/') && m[2]!.startsWith('/')
        ? parent + m[2]!.slice(1)
        : parent.endsWith('/') || m[2]!.startsWith('/')
          ? parent + m[2]!
          : `${parent}/${m[2]!}`;
    stack[depth] = path;
    stack.length = depth + 1;
    return m[3]!
      .split(', ')
      .filter((verb) => verb !== 'HEAD')
      .map((verb) => `${verb} ${path}`);
  });
}

function rawStatus(base: string, path: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET', headers: { accept: 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
