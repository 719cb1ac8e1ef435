import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export type TestRedisServer = { url: string; port: number; stop(): Promise<void>; start(): Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** A private redis-server (with AOF in `dir` unless `persist` is false) that a test may stop and start again. */
export async function startTestRedisServer(dir: string, opts: { persist?: boolean } = {}): Promise<TestRedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', opts.persist === false ? 'no' : 'yes', '--save', ''], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const c = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      c.on('error', () => undefined);
      const ok = await c.connect().then(() => c.ping()).catch(() => null);
      c.disconnect();
      if (ok === 'PONG') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('test redis-server did not start');
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return { url, port, start, stop };
}
