import { describe, expect, it } from 'vitest';
import { ZCheck, type CheckOf } from '../../../src/config/checks-schema.js';
import { evaluateHttpAnswer, statusMatches } from '../../../src/checks/probes/http-expect.js';
import { parseJsonPath, readJsonPath } from '../../../src/checks/probes/json-path.js';

const check = (extra: Record<string, unknown>) => ZCheck.parse({ name: 'w', kind: 'http', url: 'https://x.test/', ...extra }) as CheckOf<'http'>;
const answer = (status: number, body: string, validTo?: number) => ({
  status,
  statusText: 'X',
  headers: {},
  body: Buffer.from(body),
  tooLarge: false,
  cert: validTo === undefined ? null : { validTo, subject: 'x', issuer: 'x' },
});
const now = Date.parse('2025-06-01T00:00:00Z');
const evalWith = (c: CheckOf<'http'>, a: ReturnType<typeof answer>, latencyMs = 10) =>
  evaluateHttpAnswer({ check: c, answer: a, latencyMs, finalUrl: new URL(c.url), now });

describe('http expectations', () => {
  it('matches status codes and classes', () => {
    expect(statusMatches(204, ['2xx'])).toBe(true);
    expect(statusMatches(301, ['2xx', 404])).toBe(false);
    expect(statusMatches(404, ['2xx', 404])).toBe(true);
  });

  it('reads the JSON path subset', () => {
    const doc = { a: { 'b-c': [{ d: 'x' }] } };
    expect(readJsonPath(doc, parseJsonPath("$.a['b-c'][0].d")!)).toBe('x');
    expect(readJsonPath(doc, parseJsonPath('a.b-c[0].d')!)).toBe('x');
    expect(readJsonPath(doc, parseJsonPath('$.a.zz')!)).toBeUndefined();
    expect(parseJsonPath('$.a[x]')).toBeNull();
  });

  it('fails on status, keyword and JSON value, listing each', () => {
    const out = evalWith(check({ keyword: 'healthy', json: { path: '$.status', equals: 'up' } }), answer(503, '{"status":"down"}'));
    expect(out.status).toBe('fail');
    expect(out.message).toBe('status 503, expected 2xx; keyword "healthy" not in the body; JSON $.status is "down", expected "up"');
  });

  it('warns on latency and on a certificate close to expiry; fails on an expired one', () => {
    expect(evalWith(check({ warnLatency: 100 }), answer(200, 'ok'), 250)).toMatchObject({ status: 'warn', message: 'slow: 250 ms > 100 ms' });
    const soon = evalWith(check({}), answer(200, 'ok', now + 5.5 * 86_400_000));
    expect(soon.status).toBe('warn');
    expect(soon.details?.certDaysLeft).toBe(5);
    expect(evalWith(check({}), answer(200, 'ok', now - 1000)).status).toBe('fail');
    expect(evalWith(check({}), answer(200, 'ok', now + 90 * 86_400_000))).toMatchObject({ status: 'ok', message: '200 X in 10 ms, certificate 90 days left' });
  });
});
