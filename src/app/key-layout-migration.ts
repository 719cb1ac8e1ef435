import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from '../redis/client.js';
import { QueueKind, queuePrefix } from '../queue/queue-names.js';
import type { Logger } from '../shared/logger.js';

/**
 * Renames keys written before the Cluster-safe key layout (docs/SCALE-OUT.md, "Upgrading"):
 * `<p>:alerts:<name>` became `<p>:{alerts}:<name>`, `<p>:report:<id>` and `<p>:report:<id>:ledger`
 * became `<p>:report:{r:<id>}` and `<p>:report:{r:<id>}:ledger`, and a queue's `<p>:<queue>:…`
 * became `<p>:{q:<queue>}:<queue>:…`. Only a standalone or Sentinel
 * Redis can hold the old layout: Cluster was refused at start while it was current.
 *
 * The BullMQ queues `alerts` and `report` live under the same names (`<p>:alerts:wait`,
 * `<p>:report:<jobId>`, ...), so alert keys go by their known names, a report only when its
 * hash holds a report's `request`, and the queues get what is left.
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

type Plan = { moves: Array<[string, string]>; queuesInUse: string[] };

/** Old name → new name, for every old-layout key present now. */
async function plan(redis: Redis, prefix: string): Promise<Plan> {
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
  const notQueue = new Set([...moves.map(([from]) => from), `${prefix}:alerts:lock`, ...[...ids].map((id) => `${prefix}:report:${id}:lock`)]);
  const queues = await queueMoves(redis, prefix, notQueue);
  return { moves: [...moves, ...queues.moves], queuesInUse: queues.inUse };
}

/**
 * Every key of every queue, `<p>:<queue>:…` to `queuePrefix(<p>, <queue>):<queue>:…`, so waiting,
 * delayed and retrying jobs and job schedulers carry over (BullMQ keeps job ids, not key names, in
 * its values when flows are not used). `notQueue` holds the alert and report keys of those names.
 */
async function queueMoves(redis: Redis, prefix: string, notQueue: Set<string>): Promise<{ moves: Array<[string, string]>; inUse: string[] }> {
  const names = new Set<string>([QueueKind.Report, QueueKind.Deliver, QueueKind.Maintenance, QueueKind.Alerts]);
  for (const kind of [QueueKind.Collect, QueueKind.Checks])
    for (const key of await scanAll(redis, `${glob(prefix)}:${kind}-*`)) names.add(key.slice(prefix.length + 1).split(':')[0]!);
  const moves: Array<[string, string]> = [];
  const inUse: string[] = [];
  for (const name of names) {
    // The new report keys (`<p>:report:{r:<id>}`) match the report queue's pattern.
    const old = (await scanAll(redis, `${glob(prefix)}:${glob(name)}:*`)).filter((key) => !notQueue.has(key) && !key.startsWith(`${prefix}:${name}:{`));
    if (old.length === 0) continue;
    // A queue a process of the new layout already uses (an agent started first) is left whole:
    // merging two halves of BullMQ's state key by key would corrupt it.
    if ((await scanAll(redis, `${glob(queuePrefix(prefix, name))}:*`)).length > 0) inUse.push(name);
    else for (const key of old) moves.push([key, `${queuePrefix(prefix, name)}:${key.slice(prefix.length + 1)}`]);
  }
  return { moves, inUse };
}

export type Migration = { renamed: number; kept: string[]; queuesInUse: string[] };

/** Runs once per prefix; returns null when the marker says it already ran. */
export async function migrateKeyLayout(o: { redis: RedisClient; prefix: string; log: Logger }): Promise<Migration | null> {
  const { redis, prefix } = o;
  // A Cluster was refused at start while the old layout was current, so none holds it; and RENAMENX
  // from an untagged old key to a tagged new one would be cross-slot there anyway.
  if (redis instanceof Cluster) return null;
  if ((await redis.get(layoutMarker(prefix))) === LAYOUT) return null;
  const { moves, queuesInUse } = await plan(redis, prefix);
  const out: Migration = { renamed: 0, kept: [], queuesInUse };
  for (const [from, to] of moves) {
    try {
      if ((await redis.renamenx(from, to)) === 1) out.renamed++;
      else out.kept.push(from);
    } catch (err) {
      // Absent: never written, or renamed by a process that started at the same time.
      if (!/no such key/i.test((err as Error).message)) throw err;
    }
  }
  if (out.renamed > 0) o.log.info({ prefix, renamed: out.renamed }, 'moved alert, report and queue keys to the Cluster-safe layout');
  if (queuesInUse.length > 0)
    o.log.warn({ prefix, queues: queuesInUse }, 'queues already in use under their new prefix: their old keys were left, and jobs in them will not run');
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
