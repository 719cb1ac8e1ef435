import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Logger } from '../shared/logger.js';
import { AppError } from '../shared/errors.js';
import { pingRedis } from './redis-connection.js';

export type EmbeddedRedis = { url: string; stop(): Promise<void> };

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts a private redis-server for a first run on a bare machine. It persists with AOF in the data
 * dir, so collected history survives restarts, and listens on loopback only.
 */
export async function startEmbeddedRedis(opts: { dir: string; logger: Logger }): Promise<EmbeddedRedis> {
  if (!hasRedisServer()) {
    throw new AppError(
      'REDIS_UNAVAILABLE',
      'Redis is not answering and redis-server is not installed. Install it (apt-get install redis-server) or set REDIS_URL.',
    );
  }
  mkdirSync(opts.dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', opts.dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--logfile', 'redis.log'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await pingRedis(url, 500)) {
      opts.logger.info({ url, dir: opts.dir }, 'started a private redis-server (AOF in the data dir)');
      return { url, stop: () => stopChild(child) };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopChild(child);
  throw new AppError('REDIS_UNAVAILABLE', `the private redis-server did not start; see ${opts.dir}/redis.log`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
