import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on a free loopback port and returns it. */
export async function listenLocal(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: bound once, then closed. */
export async function closedPort(server: Server): Promise<number> {
  const port = await listenLocal(server);
  await new Promise((r) => server.close(r));
  return port;
}

/** Writes `count` copies of `chunk` (chunked, no content-length) as fast as the client reads, stopping when it hangs up. */
export function streamChunks(res: ServerResponse, chunk: Buffer, count: number): void {
  res.writeHead(200, { 'content-type': 'text/plain' });
  let left = count;
  const pump = () => {
    while (left > 0) {
      left--;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('close', () => (left = 0));
  pump();
}

export async function closeServers(servers: Server[]): Promise<void> {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
}
