import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.js';

/**
 * Renames keys written before the Cluster-safe key layout (docs/SCALE-OUT.md, "Upgrading"):
 * `<p>:alerts:*` became `<p>:{alerts}:*`, `<p>:report:<id>` and `<p>:report:<id>:ledger` became
 * `<p>:report:{r:<id>}` and `<p>:report:{r:<id>}:ledger`. Only a standalone or Sentinel Redis can
 * hold the old layout: Cluster was refused at start while it was current.
 *
 * Idempotent: RENAMENX never overwrites a key of the new layout, a key another process renamed
 * first is skipped, and a marker key ends the scan on later starts. Leases (`:lock`) are not
 * renamed: they expire on their own.
 */
const LAYOUT = '2';

export const layoutMarker = (prefix: string) => `${prefix}:key-layout`;

/** The new name of an old-layout key, or null when `key` is not one. */
export function migratedKey(prefix: string, key: string): string | null {
  const rest = key.slice(prefix.length + 1);
  if (rest.startsWith('alerts:')) {
    const tail = rest.slice('alerts:'.length);
    return tail === 'lock' ? null : `${prefix}:{alerts}:${tail}`;
  }
  if (rest.startsWith('report:')) {
    const tail = rest.slice('report:'.length);
    if (tail.startsWith('{') || tail.endsWith(':lock')) return null;
    const ledger = tail.endsWith(':ledger');
    return `${prefix}:report:{r:${ledger ? tail.slice(0, -':ledger'.length) : tail}}${ledger ? ':ledger' : ''}`;
  }
  return null;
}

const glob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

export type Migration = { renamed: number; kept: string[] };

/** Runs once per prefix; returns null when the marker says it already ran. */
export async function migrateKeyLayout(o: { redis: Redis; prefix: string; log: Logger }): Promise<Migration | null> {
  const { redis, prefix } = o;
  if ((await redis.get(layoutMarker(prefix))) === LAYOUT) return null;
  const out: Migration = { renamed: 0, kept: [] };
  for (const pattern of [`${glob(prefix)}:alerts:*`, `${glob(prefix)}:report:*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const target = migratedKey(prefix, key);
        if (!target) continue;
        try {
          if ((await redis.renamenx(key, target)) === 1) out.renamed++;
          else out.kept.push(key);
        } catch (err) {
          // Renamed by a process that started at the same time.
          if (!/no such key/i.test((err as Error).message)) throw err;
        }
      }
    } while (cursor !== '0');
  }
  if (out.renamed > 0) o.log.info({ prefix, renamed: out.renamed }, 'moved alert and report keys to the Cluster-safe layout');
  if (out.kept.length > 0) {
    // Both layouts hold a key: the new one is in use and stays. The scan runs again on every start
    // until the old keys are gone, so this keeps being said.
    o.log.warn(
      { prefix, keys: out.kept.slice(0, 20), count: out.kept.length },
      'old-layout keys left beside their new-layout copies: delete them once checked',
    );
    return out;
  }
  await redis.set(layoutMarker(prefix), LAYOUT);
  return out;
}
