import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueKind, queueName } from '../../../src/queue/queue-names.js';
import { ConfigError } from '../../../src/shared/errors.js';
import { CONSOLE_CSP } from '../../../src/web/security/headers.js';
import { plantHost } from '../../utils/plant-host.js';
import { startTestWeb, type TestWeb } from '../../utils/web-harness.js';

const TOKEN = 'correct-horse-battery-staple-42';

describe('web security', () => {
  let web: TestWeb;

  beforeAll(async () => {
    web = await startTestWeb();
    await plantHost(web.rt.deps, { host: 'web-1', count: 3, stepMs: 10_000 });
  });
  afterAll(async () => web?.close());

  it('refuses to start on a non-loopback address without a token', async () => {
    const err = await startTestWeb({ raw: { web: { bind: '0.0.0.0' } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues[0]).toMatch(/^web\.token: required when web\.bind is "0\.0\.0\.0"/);
  });

  it('with a token, asks every request but the probes for it (Bearer or Basic), compared in full', async () => {
    const secured = await startTestWeb({ raw: { web: { bind: '0.0.0.0' } }, env: { CHECKUP_API_TOKEN: TOKEN } });
    try {
      const url = secured.url.replace('0.0.0.0', '127.0.0.1');
      const status = async (path: string, auth?: string) => (await fetch(`${url}${path}`, { headers: auth ? { authorization: auth } : {} })).status;
      const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
      const bare = await fetch(`${url}/`);
      expect(bare.status).toBe(401);
      expect(bare.headers.get('www-authenticate')).toBe('Basic realm="Checkup", charset="UTF-8"');
      for (const path of ['/', '/api/hosts', '/metrics', '/admin/queues', '/reports', '/api/openapi.json']) expect(await status(path), path).toBe(401);
      expect(await status('/api/hosts', `Bearer ${TOKEN}`)).toBe(200);
      expect(await status('/', basic('anyone', TOKEN))).toBe(200);
      expect(await status('/metrics', `Bearer ${TOKEN}`)).toBe(200);
      for (const wrong of [`Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}x`, basic(TOKEN, ''), `Token ${TOKEN}`, 'Bearer '])
        expect(await status('/api/hosts', wrong), wrong).toBe(401);
      expect(await status('/healthz')).toBe(200);
      expect(await status('/readyz')).toBe(200);
    } finally {
      await secured.close();
    }
  });

  it('without a token, answers only requests addressed to this machine (no DNS rebinding)', async () => {
    expect(await rawGet(web.url, '/api/hosts', { host: 'attacker.example' })).toBe(403);
    expect(await rawGet(web.url, '/', { host: 'attacker.example:80' })).toBe(403);
    expect(await rawGet(web.url, '/api/hosts', { host: `localhost:${new URL(web.url).port}` })).toBe(200);
    expect(await rawGet(web.url, '/healthz', { host: 'attacker.example' })).toBe(200);
  });

  it('accepts the ad-hoc form only with its token, its cookie and our Origin', async () => {
    const page = await fetch(`${web.url}/reports`, { headers: { accept: 'text/html' } });
    const setCookie = page.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^checkup_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = setCookie.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(token).toBeTruthy();
    const reportQueue = web.rt.queues.get(queueName(QueueKind.Report));
    const queued = async () => (await reportQueue.getJobs(['waiting'])).length;
    const submit = (o: { token?: string; cookie?: string; origin?: string | null }) => {
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (o.cookie) headers.cookie = o.cookie;
      if (o.origin !== null) headers.origin = o.origin ?? web.url;
      const body = new URLSearchParams({ report: 'daily', hosts: 'web-1', ...(o.token ? { _csrf: o.token } : {}) });
      return fetch(`${web.url}/reports`, { method: 'POST', headers, body, redirect: 'manual' });
    };
    const other = await fetch(`${web.url}/reports`);
    const otherCookie = (other.headers.get('set-cookie') ?? '').split(';')[0]!;
    const refused = [
      await submit({ cookie }),
      await submit({ token }),
      await submit({ token, cookie: otherCookie }),
      await submit({ token: `${token}x`, cookie }),
      await submit({ token, cookie, origin: 'http://attacker.example' }),
      await submit({ token, cookie, origin: 'null' }),
      await submit({ token, cookie, origin: null }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect(await queued()).toBe(0);

    const ok = await submit({ token, cookie });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/^\/reports\/daily-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(await queued()).toBe(1);

    const crossApi = await fetch(`${web.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://attacker.example' },
      body: JSON.stringify({ report: 'daily' }),
    });
    expect(crossApi.status).toBe(403);
    expect(await queued()).toBe(1);
  });

  it('sends a strict CSP, and no page needs inline script, inline style or another origin', async () => {
    for (const path of ['/', '/hosts/web-1?range=1h', '/reports', '/archive', '/alerts', '/no-such-page']) {
      const res = await fetch(`${web.url}${path}`, { headers: { accept: 'text/html' } });
      expect(res.headers.get('content-security-policy'), path).toBe(CONSOLE_CSP);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      const html = await res.text();
      expect(html, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(html, path).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);
      expect(html, path).not.toMatch(/(src|href|action)="(https?:)?\/\//i);
    }
    expect(CONSOLE_CSP).toContain("default-src 'none'");
    expect(CONSOLE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('mounts Bull Board read-only: no job can be added, retried, removed or run from it', async () => {
    const board = await fetch(`${web.url}/admin/queues`, { headers: { accept: 'text/html' } });
    expect(board.status).toBe(200);
    const queues = (await (await fetch(`${web.url}/admin/queues/api/queues`)).json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
    expect(queues.queues.map((q) => q.name).sort()).toEqual(['alerts', 'checks-web-1', 'collect-web-1', 'deliver', 'maintenance', 'report']);
    expect(queues.queues.every((q) => q.readOnlyMode)).toBe(true);

    const q = web.rt.queues.get('maintenance');
    await q.add('compact-store', {}, { jobId: 'probe-job' });
    const before = await q.getJobCounts();
    const writes: Array<[string, string, unknown?]> = [
      ['POST', '/admin/queues/api/queues/maintenance/add', { name: 'compact-store', data: {} }],
      ['PUT', '/admin/queues/api/queues/maintenance/retry/failed'],
      ['PUT', '/admin/queues/api/queues/maintenance/clean/waiting'],
      ['PUT', '/admin/queues/api/queues/maintenance/empty'],
      ['PUT', '/admin/queues/api/queues/maintenance/obliterate'],
      ['PUT', '/admin/queues/api/queues/maintenance/pause'],
      ['PUT', '/admin/queues/api/queues/maintenance/probe-job/promote'],
      ['PUT', '/admin/queues/api/queues/maintenance/job-schedulers/maintenance:compact/run'],
    ];
    for (const [method, path, body] of writes) {
      const res = await fetch(`${web.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
      expect(res.status, `${method} ${path}`).toBe(405);
    }
    await fetch(`${web.url}/admin/queues/api/queues/pause`, { method: 'PUT' });
    expect(await q.isPaused()).toBe(false);
    expect(await q.getJobCounts()).toEqual(before);
  });
});

function rawGet(base: string, path: string, headers: Record<string, string>): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, headers: { accept: 'application/json', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
