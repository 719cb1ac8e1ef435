import { createServer, type RequestListener, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../../../src/deliver/webhooks/http-post.js';
import { closedPort, closeServers, listenLocal } from '../../utils/local-http.js';

const received: Array<{ headers: Record<string, unknown>; body: string }> = [];

const routes: Record<string, RequestListener> = {
  '/ok': (_q, s) => s.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0}'),
  '/fail': (_q, s) => s.writeHead(500).end(`broken ${'x'.repeat(500)}`),
  '/large': (_q, s) => s.writeHead(200).end(Buffer.alloc(200 * 1024, 'y')),
  '/silent': () => undefined,
};

describe('webhook POST over the shared HTTP client', () => {
  let server: Server;
  let host = '';

  beforeAll(async () => {
    server = createServer((q, s) => {
      const chunks: Buffer[] = [];
      q.on('data', (c: Buffer) => chunks.push(c));
      q.on('end', () => {
        received.push({ headers: q.headers, body: Buffer.concat(chunks).toString() });
        routes[q.url ?? '']?.(q, s);
      });
    });
    host = `127.0.0.1:${await listenLocal(server)}`;
  });

  afterAll(async () => {
    await closeServers([server]);
  });

  it('posts JSON with its length and headers, and returns the answer', async () => {
    const r = await postJson({ url: `http://${host}/ok`, body: { text: 'hé' }, headers: { 'x-extra': '1' }, timeoutMs: 2000 });
    expect(r).toEqual({ status: 200, body: '{"code":0}' });
    expect(received.at(-1)).toMatchObject({
      body: '{"text":"hé"}',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength('{"text":"hé"}')),
        'user-agent': 'Checkup',
        'x-extra': '1',
      },
    });
  });

  it('fails a non-2xx answer with the status and the start of the body', async () => {
    await expect(postJson({ url: `http://${host}/fail`, body: {}, timeoutMs: 2000 })).rejects.toThrow(new RegExp(`^POST ${host}: HTTP 500: broken x{193}$`));
  });

  it('reads at most 64 KiB back', async () => {
    const r = await postJson({ url: `http://${host}/large`, body: {}, timeoutMs: 2000 });
    expect(r.status).toBe(200);
    expect(r.body.length).toBeLessThanOrEqual(64 * 1024);
    expect(r.body.length).toBeGreaterThan(0);
  });

  it('names the host on a timeout and on a refused connection', async () => {
    await expect(postJson({ url: `http://${host}/silent`, body: {}, timeoutMs: 200 })).rejects.toThrow(`no answer from ${host} within 200 ms`);
    const port = await closedPort(createServer());
    await expect(postJson({ url: `http://127.0.0.1:${port}/`, body: {}, timeoutMs: 2000 })).rejects.toThrow(
      new RegExp(`^POST 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`),
    );
  });
});
