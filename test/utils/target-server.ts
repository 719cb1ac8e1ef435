import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP service that can go down and come back on the same port, like a real one
 * restarting: down closes the listener and drops open connections (so probes see ECONNREFUSED).
 */
export async function startTarget() {
  let server: Server | null = null;
  let port = 0;
  const listen = async () => {
    const s = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"up"}'));
    s.keepAliveTimeout = 100;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}/health`;
    },
    isUp: () => server !== null,
    async up() {
      if (!server) await listen();
    },
    async down() {
      const s = server;
      server = null;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
