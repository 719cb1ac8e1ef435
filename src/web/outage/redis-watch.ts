import type { RedisClient } from '../../redis/client.js';

/** True when Redis answers PING within `ms`; never throws, never waits longer. */
export async function pingWithin(redis: Pick<RedisClient, 'ping'>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      redis.ping().then(
        (a) => a === 'PONG',
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export type RedisWatch = {
  /** When the connection was lost, or null while it is up. */
  downSince(): number | null;
  close(): void;
};

/**
 * Follows the console's Redis connection from its events. While it is down, ioredis would hold
 * every command in its offline queue until the reconnect, so readers must not wait on it.
 */
export function watchRedis(redis: Pick<RedisClient, 'on' | 'off' | 'status'>, now: () => number = Date.now): RedisWatch {
  let since: number | null = redis.status === 'ready' || redis.status === 'connecting' || redis.status === 'wait' || redis.status === 'connect' ? null : now();
  const down = () => {
    since ??= now();
  };
  const up = () => {
    since = null;
  };
  redis.on('close', down);
  redis.on('error', down);
  redis.on('ready', up);
  return {
    downSince: () => since,
    close() {
      redis.off('close', down);
      redis.off('error', down);
      redis.off('ready', up);
    },
  };
}
