import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHttp } from '../../../src/checks/probes/http-probe.js';
import { ZCheck, type CheckOf } from '../../../src/config/checks-schema.js';
import { closeServers, listenLocal, streamChunks } from '../../utils/local-http.js';
import { selfSignedCert } from '../../utils/self-signed-cert.js';

const check = (url: string, extra: Record<string, unknown> = {}) => ZCheck.parse({ name: 'h', kind: 'http', url, timeout: '1s', ...extra }) as CheckOf<'http'>;
const DAY = 86_400_000;

const listen = async (server: Server) => `127.0.0.1:${await listenLocal(server)}`;

const routes: Record<string, RequestListener> = {
  '/ok': (_q, s) => s.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"up","checks":[{"name":"db","ok":true}]}'),
  '/redirect': (_q, s) => s.writeHead(302, { location: '/ok' }).end(),
  // 50 MB, chunked (no content-length), written as fast as the client reads.
  '/huge': (_q, s) => streamChunks(s, Buffer.alloc(64 * 1024, 'x'), 800),
  '/huge-declared': (_q, s) => s.writeHead(200, { 'content-length': String(50 * 1024 * 1024) }).write('x'),
  // Slowloris: headers at once, then one byte every 100 ms, forever.
  '/slow': (_q, s) => {
    s.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => s.write('.'), 100);
    s.on('close', () => clearInterval(timer));
  },
  '/silent': () => undefined,
};

describe('HTTP(S) probe against real servers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-tls-'));
  const servers: Server[] = [];
  let http = '';
  let https = '';
  let notAfter = 0;

  beforeAll(async () => {
    const handler: RequestListener = (q, s) => (routes[new URL(q.url ?? '/', 'http://x').pathname] ?? ((_q2, s2) => s2.writeHead(404).end()))(q, s);
    const plain = createServer(handler);
    servers.push(plain);
    http = `http://${await listen(plain)}`;
    // A real certificate, valid for 10 days, made here with openssl.
    const made = selfSignedCert(dir, 10);
    notAfter = made.notAfter;
    const tls = createHttpsServer({ key: made.key, cert: made.cert }, handler);
    servers.push(tls);
    https = `https://${await listen(tls)}`;
  });

  afterAll(async () => {
    await closeServers(servers);
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes a healthy endpoint with status, keyword and JSON path, following a redirect', async () => {
    const out = await probeHttp(check(`${http}/redirect`, { keyword: '"db"', json: { path: '$.checks[0].ok', equals: true } }));
    expect(out).toMatchObject({ status: 'ok', details: { statusCode: 200, url: `${http}/ok` } });
    const noFollow = await probeHttp(check(`${http}/redirect`, { followRedirects: false }));
    expect(noFollow).toMatchObject({ status: 'fail', message: 'status 302, expected 2xx' });
  });

  it('stops reading a 50 MB body at the 1 MB cap and fails fast', async () => {
    const started = Date.now();
    const out = await probeHttp(check(`${http}/huge`, { timeout: '10s' }));
    expect(out.status).toBe('fail');
    expect(out.message).toBe('response body larger than 1048576 bytes (stopped reading)');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await probeHttp(check(`${http}/huge-declared`))).message).toBe('response body larger than 1048576 bytes (stopped reading)');
  });

  it('fails a slowloris server at the overall deadline, not at a socket idle timeout', async () => {
    for (const path of ['/slow', '/silent']) {
      const started = Date.now();
      const out = await probeHttp(check(`${http}${path}`, { timeout: '800ms' }));
      const took = Date.now() - started;
      expect(out.status).toBe('fail');
      expect(out.message).toMatch(/^no complete response within \d+ ms \(read \d+ bytes before the deadline\)$/);
      expect(took).toBeGreaterThanOrEqual(750);
      expect(took).toBeLessThan(1_500);
    }
  });

  it('fails an untrusted certificate with a clear TLS message', async () => {
    const out = await probeHttp(check(`${https}/ok`));
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/^TLS error: self[- ]signed certificate/);
  });

  it('reads days to expiry from the real certificate and warns under warnDays', async () => {
    const expected = Math.floor((notAfter - Date.now()) / DAY);
    expect(expected).toBe(9);
    const trusted = await probeHttp(check(`${https}/ok`, { tls: { caFile: join(dir, 'cert.pem'), warnDays: 14 } }));
    expect(trusted.status).toBe('warn');
    expect(trusted.details?.certDaysLeft).toBe(expected);
    expect(trusted.details?.certValidTo).toBe(new Date(notAfter).toISOString());
    expect(trusted.message).toBe(`certificate expires in ${expected} days (${new Date(notAfter).toISOString()})`);
    const relaxed = await probeHttp(check(`${https}/ok`, { tls: { insecure: true, warnDays: 5 } }));
    expect(relaxed).toMatchObject({ status: 'ok', details: { certDaysLeft: expected } });
  });

  it('reports a refused connection', async () => {
    const s = createServer();
    const where = await listen(s);
    await new Promise((r) => s.close(r));
    expect(await probeHttp(check(`http://${where}/`))).toMatchObject({ status: 'fail', message: `connection refused (${where})` });
  });
});
