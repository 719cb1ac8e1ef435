import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisClient } from '../redis/client.js';
import type { RedisTarget } from './redis-target.js';

export type { Redis, Cluster, RedisClient };
export { describeTarget, redactUrl, redisTarget, type RedisTarget } from './redis-target.js';

export type SingleNodeTarget = Exclude<RedisTarget, { kind: 'cluster' }>;

export type CreateRedisOpts = {
  name?: string;
  lazy?: boolean;
  /** One attempt, no reconnects (probes and one-shot CLI reads): the caller reports the failure. */
  failFast?: boolean;
  /** Per-role settings (offline queue, timeouts) on top of the defaults below. */
  options?: RedisOptions;
};

const backoff = (times: number) => Math.min(times * 200, 5_000);

/**
 * The one place a Redis client is built, for every role: standalone from a URL, a Sentinel-managed
 * master (the client asks the sentinels where the master is on every (re)connect, so after a
 * failover it never writes to a demoted one), or a Cluster. `maxRetriesPerRequest: null` is what
 * BullMQ workers require; for the app's own commands it means a command waits for a reconnect
 * instead of failing after 20 tries. Reconnects back off up to 5 s: an outage should not spin the CPU.
 */
export function createRedis(target: string | SingleNodeTarget, opts?: CreateRedisOpts): Redis;
export function createRedis(target: string | RedisTarget, opts?: CreateRedisOpts): RedisClient;
export function createRedis(target: string | RedisTarget, opts: CreateRedisOpts = {}): RedisClient {
  const t: RedisTarget = typeof target === 'string' ? { kind: 'standalone', url: target } : target;
  const retry = opts.failFast ? () => null : backoff;
  const base: RedisOptions = {
    maxRetriesPerRequest: opts.failFast ? 0 : null,
    enableReadyCheck: true,
    lazyConnect: opts.lazy ?? false,
    connectionName: opts.name,
    retryStrategy: retry,
    ...opts.options,
  };
  switch (t.kind) {
    case 'standalone':
      return new Redis(t.url, base);
    case 'sentinel':
      return new Redis({
        ...base,
        sentinels: t.sentinels,
        name: t.name,
        role: 'master',
        username: t.username,
        password: t.password,
        sentinelPassword: t.sentinelPassword,
        db: t.db,
        ...(t.tls ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
        // Sentinels unreachable: same backoff as a lost master.
        sentinelRetryStrategy: retry,
        // Subscribes to +switch-master, so a failover is seen at once, not at the next error.
        failoverDetector: !opts.failFast,
      });
    case 'cluster':
      return new Cluster(t.nodes, {
        lazyConnect: base.lazyConnect,
        enableReadyCheck: true,
        enableOfflineQueue: base.enableOfflineQueue ?? true,
        clusterRetryStrategy: retry,
        // A role that fails fast (the agent's writer) must fail fast through a failover too: by
        // default the Cluster client holds a command to a lost master for about 1.6 s (16 tries,
        // 100 ms apart), long enough for the agent to miss a sample slot; its spool takes it instead.
        ...(base.maxRetriesPerRequest === 0 ? { retryDelayOnFailover: 0, retryDelayOnClusterDown: 0 } : {}),
        natMap: t.natMap,
        redisOptions: {
          ...base,
          username: t.username,
          password: t.password,
          ...(t.tls ? { tls: {} } : {}),
        },
      });
  }
}

/** True when something answers PING at `target` within `timeoutMs`. Never throws. */
export async function pingRedis(target: string | RedisTarget, timeoutMs = 1_500): Promise<boolean> {
  const client = createRedis(target, { lazy: true, failFast: true, options: { connectTimeout: timeoutMs } });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  // Sentinel and Cluster connects take several round trips: bound the whole probe, not each one.
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs * 2)));
  try {
    const answer = (async () => {
      await client.connect();
      return (await client.ping()) === 'PONG';
    })().catch(() => false);
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
