import { createServer, type IncomingHttpHeaders } from 'node:http';

export type Received = { path: string; query: URLSearchParams; headers: IncomingHttpHeaders; body: unknown; t: number };
export type Reply = { status: number; body: string };

/**
 * A real HTTP server standing in for Slack, Feishu, DingTalk, WeCom or any JSON webhook receiver.
 * `reply` decides the answer per request (default 200 with each service's "ok" body).
 */
export async function startReceiver(o: { reply?: (r: Received, count: number) => Reply | undefined } = {}) {
  const requests: Received[] = [];
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      const r: Received = { path: url.pathname, query: url.searchParams, headers: req.headers, body, t: Date.now() };
      const n = (counts.get(r.path) ?? 0) + 1;
      counts.set(r.path, n);
      const reply = o.reply?.(r, n) ?? defaultReply(r.path);
      if (reply.status >= 200 && reply.status < 300) requests.push(r);
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Accepted requests only (2xx replies). */
    requests,
    attempts: (path: string) => counts.get(path) ?? 0,
    at: (path: string) => requests.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function defaultReply(path: string): Reply {
  if (path.startsWith('/slack')) return { status: 200, body: 'ok' };
  if (path.startsWith('/feishu')) return { status: 200, body: '{"code":0,"msg":"success","data":{}}' };
  return { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
