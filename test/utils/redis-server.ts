import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export type TestRedisServer = {
  url: string;
  port: number;
  dir: string;
  /** Its pid while running. */
  pid(): number | null;
  stop(): Promise<void>;
  /** Sends `signal` (SIGKILL: a crash, nothing flushed) and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: the socket stays open but nothing answers (a hung or swapping Redis). */
  pause(): void;
  resume(): void;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/**
 * A private redis-server (with AOF in `dir` unless `persist` is false) that a test may stop and
 * start again. With `startNow: false` only its port is chosen: `start()` starts it later. `port`
 * pins the port (a Cluster's nodes, whose bus listens on port + 10000, use a range of their own).
 */
export async function startTestRedisServer(
  dir: string,
  opts: { persist?: boolean; startNow?: boolean; args?: string[]; port?: number } = {},
): Promise<TestRedisServer> {
  const port = opts.port ?? (await freePort());
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', opts.persist === false ? 'no' : 'yes', '--save', '', ...(opts.args ?? [])],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      const c = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      c.on('error', () => undefined);
      const ok = await c
        .connect()
        .then(() => c.ping())
        .catch(() => null);
      c.disconnect();
      if (ok === 'PONG') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('test redis-server did not start');
  };
  const kill = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  };
  if (opts.startNow !== false) await start();
  const signal = (sig: NodeJS.Signals) => {
    const c = child as ChildProcess | null;
    if (c && c.exitCode === null) c.kill(sig);
  };
  return {
    url,
    port,
    dir,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null),
    start,
    stop: () => kill('SIGTERM'),
    kill,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
  };
}
