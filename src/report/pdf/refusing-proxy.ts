import { createServer, type Socket } from 'node:net';
import type { Logger } from '../../shared/logger.js';

export type RefusingProxy = { address: string; refused(): number; close(): Promise<void> };

/**
 * The proxy Chromium is launched with: it accepts a connection and closes it, having read at most
 * the request line for the log. Pages get their document from interception and everything else is
 * refused before the network, so what arrives here is what gets past that: preconnects and
 * prefetches (which bypass interception), and Chromium's own update and account checks, which
 * would otherwise leave the machine. Listening (rather than naming a dead port) keeps the port
 * ours while the browser lives.
 */
export async function startRefusingProxy(log: Logger): Promise<RefusingProxy> {
  let refused = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    refused++;
    socket.on('error', () => undefined);
    const timer = setTimeout(() => socket.destroy(), 1_000);
    socket.once('data', (d: Buffer) => {
      log.debug({ request: d.toString('latin1').split('\r\n')[0]?.slice(0, 200) }, 'renderer proxy refused a connection');
      socket.destroy();
    });
    socket.once('close', () => clearTimeout(timer));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    address: `127.0.0.1:${port}`,
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
