import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredExtras } from '../../src/web/web-role.js';
import { plantHost } from '../utils/plant-host.js';
import { startTestWeb, type TestWeb } from '../utils/web-harness.js';
import { figure } from '../utils/figure.js';

type Case = { name: string; method?: string; path: string; body?: string | Buffer; type?: string | null; want: number[] };
const JSON_TYPE = 'application/json';
const post = (name: string, body: string | Buffer, want: number[], type: string | null = JSON_TYPE): Case => ({
  name,
  method: 'POST',
  path: '/api/reports',
  body,
  type,
  want,
});
const get = (name: string, path: string, want: number[] = [400]): Case => ({ name, path, want });
const body = (o: Record<string, unknown>) => JSON.stringify({ report: 'daily', ...o });

// Hostile and broken requests against a real server: each gets 400/403/404/413/415 with a reason
// in the API's error body, never a 500, never a stack trace.
const CASES: Case[] = [
  post('text/plain body', '{"report":"daily"}', [415], 'text/plain'),
  post('form body', 'report=daily', [415], 'application/x-www-form-urlencoded'),
  post('xml body', '<report>daily</report>', [415], 'application/xml'),
  post('multipart body', '--b\r\nContent-Disposition: form-data; name="report"\r\n\r\ndaily\r\n--b--\r\n', [415], 'multipart/form-data; boundary=b'),
  post('no content-type', '{"report":"daily"}', [415], null),
  post('bad JSON', '{"report": ', [400]),
  post('empty JSON body', '', [400]),
  post('JSON null', 'null', [400]),
  post('JSON array', '[]', [400]),
  post('JSON string', '"daily"', [400]),
  post('JSON number', '42', [400]),
  post('__proto__ pollution', '{"report":"daily","__proto__":{"admin":true}}', [400]),
  post('constructor pollution', '{"report":"daily","constructor":{"prototype":{"admin":true}}}', [400]),
  post('deep nesting', `{"report":"daily","hosts":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, [400]),
  post('body over 256 KiB', body({ hosts: Array(30_000).fill('web-1-abcdef') }), [413]),
  post('unknown key', body({ command: 'rm -rf /' }), [400]),
  post('report is a number', '{"report":42}', [400]),
  post('report with NUL', '{"report":"dai\\u0000ly"}', [400]),
  post('report 10k chars', JSON.stringify({ report: 'd'.repeat(10_000) }), [400]),
  post('report unknown', body({ report: 'nope' }), [400]),
  post('501 hosts', body({ hosts: Array(501).fill('web-1') }), [400]),
  post('host id 10k chars', body({ hosts: ['h'.repeat(10_000)] }), [400]),
  post('unknown host', body({ hosts: ['ghost'] }), [400]),
  post('51 emails', body({ emails: Array(51).fill('ops@example.test') }), [400]),
  post('email with header injection', body({ emails: ['ops@example.test\r\nBcc: all@attacker.example'] }), [400]),
  post('email not allowed', body({ emails: ['boss@attacker.example'] }), [403]),
  post('from past Date range', body({ from: 1e21, to: 2e21 }), [400]),
  post('from as 1e400 digits', body({ from: '9'.repeat(30), to: '9'.repeat(31) }), [400]),
  post('from negative', body({ from: -1, to: 1000 }), [400]),
  post('from NaN string', body({ from: 'NaN', to: '2025-01-01T00:00:00Z' }), [400]),
  post('from an object', body({ from: { $gt: 0 }, to: 1 }), [400]),
  post('from without to', body({ from: 1000 }), [400]),
  post('from after to', body({ from: 2000, to: 1000 }), [400]),
  post('period year', body({ period: 'year' }), [400]),
  post('locale path', body({ locale: '../../etc/passwd' }), [400]),
  post('utf-16 declared', Buffer.from('{"report":"daily"}', 'utf16le'), [400], 'application/json; charset=utf-16le'),
  post('invalid UTF-8', Buffer.from([0x7b, 0x22, 0x72, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), [400]),
  get('series without metric', '/api/hosts/web-1/series'),
  get('series metric injection', '/api/hosts/web-1/series?metric=cpu.total%0D%0AX:1'),
  get('series step 0', '/api/hosts/web-1/series?metric=cpu.total&step=0'),
  get('series step 1e400', `/api/hosts/web-1/series?metric=cpu.total&step=1${'0'.repeat(400)}`),
  get('series from past Date range', '/api/hosts/web-1/series?metric=cpu.total&from=1000000000000000000000&to=1000000000000000000001'),
  get('series from after to', '/api/hosts/web-1/series?metric=cpu.total&from=2000&to=1000'),
  get('series too many buckets', '/api/hosts/web-1/series?metric=cpu.total&from=0&to=8640000000000000&step=1s'),
  get('series repeated metric', '/api/hosts/web-1/series?metric=cpu.total&metric=mem.used_pct'),
  get('series unknown param', '/api/hosts/web-1/series?metric=cpu.total&where=1'),
  get('series unknown host', '/api/hosts/ghost/series?metric=cpu.total', [404]),
  get('series host id 600 chars', `/api/hosts/${'h'.repeat(600)}/series?metric=cpu.total`),
  get('reports limit text', '/api/reports?limit=lots'),
  get('reports limit 0', '/api/reports?limit=0'),
  get('reports limit 1e9', '/api/reports?limit=1000000000'),
  get('reports limit array', '/api/reports?limit[]=1'),
  get('report id with NUL', '/api/reports/daily%00'),
  get('report id traversal', '/api/reports/..%2F..%2Fetc%2Fpasswd'),
  get('report id 600 chars', `/api/reports/${'r'.repeat(600)}`),
  get('bad percent-encoding', '/api/reports/%E0%A4%A'),
  get('archive kind traversal', '/api/archive/x/..%2F..%2Fpasswd', [400, 404]),
  get('archive unknown id', '/api/archive/nope/pdf', [404]),
  get('host page script', '/hosts/%3Cscript%3Ealert(1)%3C%2Fscript%3E', [404]),
  { name: 'PUT reports', method: 'PUT', path: '/api/reports', body: '{}', type: JSON_TYPE, want: [404] },
  { name: 'DELETE report', method: 'DELETE', path: '/api/reports/x', want: [404] },
];

function send(base: string, c: Case): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (c.body !== undefined && c.type !== null) headers['content-type'] = c.type ?? JSON_TYPE;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path: c.path, method: c.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

describe('API fuzz: hostile and broken requests', () => {
  let web: TestWeb;
  beforeAll(async () => {
    web = await startTestWeb({ raw: { reports: { daily: { recipients: { to: ['ops@example.test'] } } } }, extras: configuredExtras });
    await plantHost(web.rt.deps, { host: 'web-1', count: 3, stepMs: 10_000 });
  });
  afterAll(async () => web?.close());

  it(`${CASES.length} requests: 400/403/404/413/415 with a reason, never 500, never a stack`, async () => {
    const wrong: string[] = [];
    for (const c of CASES) {
      const res = await send(web.url, c);
      if (!c.want.includes(res.status)) wrong.push(`${c.name}: ${res.status}, expected ${c.want.join('/')}: ${res.text.slice(0, 200)}`);
      let parsed: { error?: unknown; message?: unknown } = {};
      try {
        parsed = JSON.parse(res.text) as typeof parsed;
      } catch {
        wrong.push(`${c.name}: body is not JSON: ${res.text.slice(0, 200)}`);
      }
      if (typeof parsed.error !== 'string' || typeof parsed.message !== 'string' || parsed.message.length === 0)
        wrong.push(`${c.name}: no { error, message }: ${res.text.slice(0, 200)}`);
      if (/\n\s+at |node_modules|\.ts:\d+/.test(res.text)) wrong.push(`${c.name}: stack trace in the answer`);
    }
    expect(wrong).toEqual([]);
    figure('API fuzz', { requests: CASES.length, wrong: wrong.length });
    // Still up and answering after all of it.
    expect((await send(web.url, { name: 'after', path: '/api/hosts', want: [200] })).status).toBe(200);
  });
});
