import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startTestRedisServer, type TestRedisServer } from './redis-server.js';

export const MASTER_NAME = 'checkup-test-master';

export type SentinelSetup = {
  master: TestRedisServer;
  replica: TestRedisServer;
  sentinels: Array<{ host: string; port: number }>;
  /** The master's port as the sentinels name it now. */
  masterPort(): Promise<number | null>;
  stop(): Promise<void>;
};

/**
 * A master, a replica and three sentinels (`redis-server --sentinel`) on loopback, with a failover
 * that starts one second after the master stops answering. Resolves once every sentinel knows the
 * replica and the two other sentinels, so a failover can be elected.
 */
export async function startSentinelSetup(dir: string): Promise<SentinelSetup> {
  const sub = (name: string) => {
    const d = join(dir, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const master = await startTestRedisServer(sub('master'));
  const replica = await startTestRedisServer(sub('replica'), { args: ['--replicaof', '127.0.0.1', String(master.port)] });
  const sentinels: Array<{ host: string; port: number }> = [];
  const children: ChildProcess[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const conf = join(sub(`sentinel-${i}`), 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dirname(conf)}`,
        `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${master.port} 2`,
        `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
        `sentinel failover-timeout ${MASTER_NAME} 5000`,
        `sentinel parallel-syncs ${MASTER_NAME} 1`,
        '',
      ].join('\n'),
    );
    children.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    sentinels.push({ host: '127.0.0.1', port });
  }
  const ask = async <T>(port: number, fn: (c: Redis) => Promise<T>): Promise<T | null> => {
    const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return await fn(c);
    } catch {
      return null;
    } finally {
      c.disconnect();
    }
  };
  const ready = async () => {
    for (const s of sentinels) {
      const info = await ask(s.port, (c) => c.call('SENTINEL', 'MASTER', MASTER_NAME) as Promise<string[]>);
      if (!info) return false;
      const field = (k: string) => Number(info[info.indexOf(k) + 1]);
      if (field('num-slaves') < 1 || field('num-other-sentinels') < 2) return false;
    }
    return true;
  };
  const deadline = Date.now() + 30_000;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error('sentinels did not discover each other and the replica within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    master,
    replica,
    sentinels,
    async masterPort() {
      for (const s of sentinels) {
        const addr = await ask(s.port, (c) => c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME) as Promise<string[] | null>);
        if (addr?.[1]) return Number(addr[1]);
      }
      return null;
    },
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
            }),
        ),
      );
      await Promise.all([master.stop(), replica.stop()]);
    },
  };
}

/** Whether the Redis at `port` is a replica whose link to its master is up. */
export async function syncedReplica(port: number): Promise<boolean> {
  const redis = new Redis({ host: '127.0.0.1', port, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    const info = await redis.info('replication');
    return /role:slave/.test(info) && /master_link_status:up/.test(info);
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Clients on the Redis at `port` other than sentinels, replication links and this probe. */
export async function foreignClients(port: number): Promise<string[] | null> {
  const redis = new Redis({ host: '127.0.0.1', port, retryStrategy: () => null, maxRetriesPerRequest: 0, connectionName: 'test-watch' });
  redis.on('error', () => undefined);
  try {
    const list = (await redis.client('LIST')) as string;
    return list
      .split('\n')
      .filter(Boolean)
      .filter((line) => {
        const name = /\bname=(\S*)/.exec(line)?.[1] ?? '';
        const flags = /\bflags=(\S*)/.exec(line)?.[1] ?? '';
        return name !== 'test-watch' && !name.startsWith('sentinel-') && !/[MS]/.test(flags);
      });
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}
