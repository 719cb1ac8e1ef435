import { Cluster } from 'ioredis';
import type { RedisClient } from './client.js';

/**
 * Every key matching `pattern`. On a Cluster a SCAN sees one node's keys only, so every master is
 * scanned. A key moved by a resharding during the walk may be seen twice or not at all, as SCAN
 * itself allows for on one node; callers dedupe and treat the result as a listing, not a snapshot.
 */
export async function scanKeys(redis: RedisClient, pattern: string, count = 500): Promise<string[]> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const seen = new Set<string>();
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      for (const k of keys) seen.add(k);
    } while (cursor !== '0');
  }
  return [...seen];
}

/** Keys per MGET: one reply stays small, and one command never blocks the server for long. */
const MGET_BATCH = 500;

/**
 * GET of many keys that may sit on different slots: one MGET on a single node; on a Cluster one
 * GET per key, all in flight together (an MGET across slots is refused with CROSSSLOT).
 */
export async function getMany(redis: RedisClient, keys: readonly string[]): Promise<Array<string | null>> {
  if (keys.length === 0) return [];
  if (redis instanceof Cluster) return Promise.all(keys.map((k) => redis.get(k)));
  const out: Array<string | null> = [];
  for (let i = 0; i < keys.length; i += MGET_BATCH) out.push(...(await redis.mget(...keys.slice(i, i + MGET_BATCH))));
  return out;
}
