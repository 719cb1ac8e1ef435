import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.js';

/**
 * Renames keys written before the Cluster-safe key layout (docs/SCALE-OUT.md, "Upgrading"):
 * `<p>:alerts:<name>` became `<p>:{alerts}:<name>`, `<p>:report:<id>` and `<p>:report:<id>:ledger`
 * became `<p>:report:{r:<id>}` and `<p>:report:{r:<id>}:ledger`. Only a standalone or Sentinel
 * Redis can hold the old layout: Cluster was refused at start while it was current.
 *
 * The BullMQ queues `alerts` and `report` live under the same names (`<p>:alerts:wait`,
 * `<p>:report:<jobId>`, ...), so nothing is renamed by pattern alone: alert keys by their known
 * names, and a report only when its hash holds a report's `request`.
 *
 * Idempotent: RENAMENX never overwrites a key of the new layout, a key another process renamed
 * first is skipped, and a marker key ends the work on later starts. Leases (`:lock`) are not
 * renamed: they expire on their own.
 */
const LAYOUT = '2';

export const layoutMarker = (prefix: string) => `${prefix}:key-layout`;

const ALERT_NAMES = ['state', 'groups', 'history', 'outbox', 'log', 'forecasts', 'silences', 'epoch', 'gen', 'recent'];
/** Per-notification keys: `notification:<id>` and `ledger:<id>:<channel>`. No BullMQ key starts so. */
const ALERT_FAMILIES = ['notification', 'ledger'];

const glob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

async function scanAll(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out;
}

/** Old name → new name, for every old-layout key present now. */
async function plan(redis: Redis, prefix: string): Promise<Array<[string, string]>> {
  const moves: Array<[string, string]> = ALERT_NAMES.map((n) => [`${prefix}:alerts:${n}`, `${prefix}:{alerts}:${n}`]);
  for (const family of ALERT_FAMILIES)
    for (const key of await scanAll(redis, `${glob(prefix)}:alerts:${family}:*`))
      moves.push([key, `${prefix}:{alerts}:${key.slice(`${prefix}:alerts:`.length)}`]);
  // Records trimmed from the index are still readable by id: found by their name, and told apart
  // from the report queue's job hashes (`<p>:report:<jobId>`) by their `request` field.
  const ids = new Set(await redis.zrange(`${prefix}:reports`, 0, -1));
  for (const key of await scanAll(redis, `${glob(prefix)}:report:*`)) {
    const rest = key.slice(`${prefix}:report:`.length);
    if (!rest.includes(':') && !rest.startsWith('{')) ids.add(rest);
  }
  for (const id of ids) {
    const record = `${prefix}:report:${id}`;
    if ((await redis.type(record)) !== 'hash' || (await redis.hexists(record, 'request')) !== 1) continue;
    moves.push([record, `${prefix}:report:{r:${id}}`], [`${prefix}:report:${id}:ledger`, `${prefix}:report:{r:${id}}:ledger`]);
  }
  return moves;
}

export type Migration = { renamed: number; kept: string[] };

/** Runs once per prefix; returns null when the marker says it already ran. */
export async function migrateKeyLayout(o: { redis: Redis; prefix: string; log: Logger }): Promise<Migration | null> {
  const { redis, prefix } = o;
  if ((await redis.get(layoutMarker(prefix))) === LAYOUT) return null;
  const out: Migration = { renamed: 0, kept: [] };
  for (const [from, to] of await plan(redis, prefix)) {
    try {
      if ((await redis.renamenx(from, to)) === 1) out.renamed++;
      else out.kept.push(from);
    } catch (err) {
      // Absent: never written, or renamed by a process that started at the same time.
      if (!/no such key/i.test((err as Error).message)) throw err;
    }
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
