import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineError, httpRequest, type HttpRequestOptions } from '../../../src/shared/http-request.js';
import { closedPort, closeServers, listenLocal, streamChunks } from '../../utils/local-http.js';
import { selfSignedCert } from '../../utils/self-signed-cert.js';

const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
let closedEarly = 0;

const routes: Record<string, RequestListener> = {
  '/echo': (q, s) => s.writeHead(404, 'Nope', { 'x-kind': 'echo' }).end(`got ${q.method}`),
  '/moved': (_q, s) => s.writeHead(302, { location: '/echo' }).end(),
  '/exact': (_q, s) => s.writeHead(200).end(Buffer.alloc(1000, 'a')),
  // Chunked, far past any cap, written as fast as the client reads.
  '/big': (_q, s) => streamChunks(s, Buffer.alloc(16 * 1024, 'b'), 200),
  '/big-declared': (_q, s) => s.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).write('x'),
  // Headers at once, then a byte every 20 ms: only a deadline over the body ends it.
  '/trickle': (_q, s) => {
    s.writeHead(200);
    const timer = setInterval(() => s.write('.'), 20);
    s.on('close', () => clearInterval(timer));
  },
  '/silent': (_q, s) => void s.on('close', () => closedEarly++),
  '/cut': (_q, s) => {
    s.writeHead(200, { 'content-length': '100' });
    s.write('partial');
    setTimeout(() => s.destroy(), 20);
  },
};

describe('shared HTTP client against real servers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-http-'));
  const servers: Server[] = [];
  let base = '';
  let tlsBase = '';
  let cert: ReturnType<typeof selfSignedCert>;
  /** `origin` picks the server (plain by default); the rest overrides the request. */
  const req = (path: string, over: Partial<HttpRequestOptions> & { origin?: string } = {}) => {
    const { origin = base, ...rest } = over;
    return httpRequest({ url: new URL(path, origin), method: 'GET', deadline: performance.now() + 2000, maxBodyBytes: 64 * 1024, ...rest });
  };

  beforeAll(async () => {
    const handler: RequestListener = (q, s) => {
      const chunks: Buffer[] = [];
      q.on('data', (c: Buffer) => chunks.push(c));
      q.on('end', () => {
        seen.push({ method: q.method ?? '', url: q.url ?? '', headers: q.headers, body: Buffer.concat(chunks).toString() });
        (routes[q.url ?? ''] ?? ((_q, s2) => s2.writeHead(500).end()))(q, s);
      });
    };
    const plain = createServer(handler);
    servers.push(plain);
    base = `http://127.0.0.1:${await listenLocal(plain)}`;
    cert = selfSignedCert(dir, 5);
    const tls = createHttpsServer({ key: cert.key, cert: cert.cert }, handler);
    servers.push(tls);
    tlsBase = `https://127.0.0.1:${await listenLocal(tls)}`;
  });

  afterAll(async () => {
    await closeServers(servers);
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves any status with its text, headers and body, sends method, headers and body, and follows no redirect', async () => {
    const a = await req('/echo', { method: 'POST', headers: { 'x-test': 'yes' }, body: 'hello' });
    expect(a).toMatchObject({ status: 404, statusText: 'Nope', tooLarge: false, cert: null });
    expect(a.headers['x-kind']).toBe('echo');
    expect(a.body.toString()).toBe('got POST');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/echo', body: 'hello', headers: { 'x-test': 'yes' } });
    const moved = await req('/moved');
    expect(moved.status).toBe(302);
    expect(moved.headers.location).toBe('/echo');
    expect(seen.at(-1)?.url).toBe('/moved');
  });

  it('caps the body: a body at the cap is whole, one past it stops reading, a declared length past it is not read', async () => {
    const exact = await req('/exact', { maxBodyBytes: 1000 });
    expect(exact.tooLarge).toBe(false);
    expect(exact.body.length).toBe(1000);
    const big = await req('/big', { maxBodyBytes: 40_000 });
    expect(big.tooLarge).toBe(true);
    expect(big.body.length).toBeLessThanOrEqual(40_000);
    expect(big.body.every((b) => b === 'b'.charCodeAt(0))).toBe(true);
    const declared = await req('/big-declared', { maxBodyBytes: 40_000 });
    expect(declared).toMatchObject({ status: 200, tooLarge: true });
    expect(declared.body.length).toBe(0);
  });

  it('rejects at the deadline with what it read, whether headers came or not', async () => {
    const trickle = await req('/trickle', { deadline: performance.now() + 300 }).catch((e: unknown) => e);
    expect(trickle).toBeInstanceOf(DeadlineError);
    expect((trickle as DeadlineError).bytes).toBeGreaterThan(0);
    expect((trickle as DeadlineError).message).toMatch(/^no complete response within \d+ ms \(read \d+ bytes before the deadline\)$/);
    const silent = await req('/silent', { deadline: performance.now() + 200 }).catch((e: unknown) => e);
    expect(silent).toBeInstanceOf(DeadlineError);
    expect((silent as DeadlineError).bytes).toBe(0);
    // The socket is dropped, not left open on the server.
    await expect.poll(() => closedEarly).toBeGreaterThan(0);
  });

  it('rejects a refused connection and a response cut short', async () => {
    const port = await closedPort(createServer());
    await expect(req('/', { origin: `http://127.0.0.1:${port}` })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(req('/cut')).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('aborts with the signal reason, before and during a request', async () => {
    const before = seen.length;
    const reason = new Error('stop now');
    await expect(req('/echo', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(seen.length).toBe(before);
    const ctl = new AbortController();
    const pending = req('/trickle', { signal: ctl.signal });
    await expect.poll(() => seen.at(-1)?.url).toBe('/trickle');
    ctl.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('verifies TLS by default, trusts a given CA, and reads the certificate of the connection', async () => {
    await expect(req('/echo', { origin: tlsBase })).rejects.toMatchObject({ code: expect.stringMatching(/SELF_SIGNED|DEPTH_ZERO/) });
    const trusted = await req('/echo', { origin: tlsBase, tls: { ca: cert.cert } });
    expect(trusted.status).toBe(404);
    expect(trusted.cert).toEqual({ validTo: cert.notAfter, subject: 'localhost', issuer: 'localhost' });
    const insecure = await req('/echo', { origin: tlsBase, tls: { insecure: true } });
    expect(insecure.cert?.validTo).toBe(cert.notAfter);
  });
});
