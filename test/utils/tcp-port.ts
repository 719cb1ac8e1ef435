import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP port that can be closed (connections refused) and opened again on the same number. */
export async function startTcpPort() {
  let server: Server | null = null;
  let port = 0;
  const sockets = new Set<Socket>();
  const open = async () => {
    const s = createServer((c) => {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
      c.end();
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  await open();
  return {
    get port() {
      return port;
    },
    async open() {
      if (!server) await open();
    },
    async close() {
      const s = server;
      server = null;
      if (!s) return;
      for (const c of sockets) c.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
