import type { Redis } from 'ioredis';

export type RedisWatch = {
  /** When the connection was lost, or null while it is up. */
  downSince(): number | null;
  close(): void;
};

/**
 * Follows the console's Redis connection from its events. While it is down, ioredis would hold
 * every command in its offline queue until the reconnect, so readers must not wait on it.
 */
export function watchRedis(redis: Pick<Redis, 'on' | 'off' | 'status'>, now: () => number = Date.now): RedisWatch {
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
