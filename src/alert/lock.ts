import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A Redis lease so two workers never evaluate at once (each would send the same change). The TTL
 * frees the lease if its holder dies; release only deletes our own token.
 */
export async function withLock<T>(o: { redis: Redis; key: string; ttlMs: number }, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const token = randomUUID();
  const ok = await o.redis.set(o.key, token, 'PX', o.ttlMs, 'NX');
  if (ok !== 'OK') return { ran: false };
  try {
    return { ran: true, value: await fn() };
  } finally {
    await o.redis.eval(RELEASE, 1, o.key, token);
  }
}
