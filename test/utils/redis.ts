import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no user data lives under; every test gets its own. */
export function testPrefix(): string {
  return `checkup-test-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under the prefix (SCAN + UNLINK, never KEYS on a shared server). */
export async function cleanupPrefix(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  if (!prefix.startsWith('checkup-test-')) throw new Error(`refusing to clean non-test prefix ${prefix}`);
  const redis = new Redis(url);
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}
