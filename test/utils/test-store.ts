import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisSeriesStore, type RedisSeriesStore } from '../../src/store/index.js';
import type { RetentionConfig } from '../../src/store/types.js';

export const DAY = 86_400_000;
export const RETENTION: RetentionConfig = { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY };

/**
 * A store on its own key prefix `checkup-test-<uuid>`; `cleanup` deletes exactly those keys
 * (SCAN + UNLINK), never the default `checkup` prefix.
 */
export type TestStore = {
  redis: Redis;
  prefix: string;
  clock: { now: number };
  make(opts?: { chunkSize?: number; retention?: RetentionConfig }): RedisSeriesStore;
  keys(pattern?: string): Promise<string[]>;
  cleanup(): Promise<void>;
};

export function testStore(): TestStore {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  const prefix = `checkup-test-${randomUUID()}`;
  const clock = { now: Date.UTC(2025, 5, 1) };
  const keys = async (pattern = '*') => {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:${pattern}`, 'COUNT', 1000);
      cursor = next;
      out.push(...batch);
    } while (cursor !== '0');
    return out;
  };
  return {
    redis,
    prefix,
    clock,
    make: (opts = {}) => createRedisSeriesStore({ redis, prefix, retention: opts.retention ?? RETENTION, chunkSize: opts.chunkSize, now: () => clock.now }),
    keys,
    async cleanup() {
      const all = await keys();
      for (let i = 0; i < all.length; i += 500) await redis.unlink(...all.slice(i, i + 500));
      redis.disconnect();
    },
  };
}
