import type { RedisClient } from '../../redis/client.js';
import { assertValidPrefix } from '../../store/keys.js';
import { runScript } from '../../store/lua/run-script.js';
import { HOUR_MS, MINUTE_MS } from '../../store/tiers.js';
import type { RetentionConfig } from '../../store/types.js';
import type { LogFilter, LogRange, LogRepo, LogSourceStatus, LogTemplateTotal } from './log-repo.js';
import { logKeys } from './log-keys.js';
import { cellsOf, toBuckets, windowStarts, type Cell, type LogTier } from './log-tally.js';
import { totalsOf } from './template-totals.js';
import { writeArgs } from './write-args.js';
import { WRITE_BATCH } from './write-script.js';

/**
 * Distinct templates one host may add per hour; the rest count as `other`. Ten times what one
 * source's miner keeps by default is room for a few sources churning, and still bounds the store.
 */
export const DEFAULT_MAX_TEMPLATES_PER_HOUR = 2000;

export type RedisLogRepoOptions = {
  redis: RedisClient;
  prefix: string;
  /** The metric tiers: minute counts live as long as `minuteMs`, hour counts and templates as long as `hourMs`. */
  retention: RetentionConfig;
  /** @defaultValue DEFAULT_MAX_TEMPLATES_PER_HOUR */
  maxTemplatesPerHour?: number;
  /** Clock for retention and tier choice; tests pin it. */
  now?: () => number;
};

export function createRedisLogRepo(opts: RedisLogRepoOptions): LogRepo {
  assertValidPrefix(opts.prefix);
  const { redis, prefix, retention } = opts;
  const now = opts.now ?? Date.now;
  const limits = { retention, maxTemplatesPerHour: opts.maxTemplatesPerHour ?? DEFAULT_MAX_TEMPLATES_PER_HOUR };

  const cells = async (host: string, tier: LogTier, from: number, to: number, filter?: LogFilter): Promise<Cell[]> => {
    const keys = logKeys(prefix, host);
    const starts = windowStarts(tier, from, to);
    if (starts.length === 0) return [];
    const pipe = redis.pipeline();
    for (const s of starts) pipe.hgetall(tier === 'minute' ? keys.minute(s) : keys.hour(s));
    const replies = (await pipe.exec()) ?? [];
    return replies.flatMap(([err, hash], i) => {
      if (err) throw err;
      return cellsOf({ tier, windowStart: starts[i]!, hash: hash as Record<string, string>, from, to, ...(filter ? { filter } : {}) });
    });
  };

  /** Minute counts for a range that does not fall on hours, while the minute tier still holds it. */
  const tierFor = (r: LogRange): LogTier => (r.from >= now() - retention.minuteMs && (r.from % HOUR_MS !== 0 || r.to % HOUR_MS !== 0) ? 'minute' : 'hour');

  const bucketTier = (r: LogRange & { step: number }): LogTier => {
    if (!(r.step >= MINUTE_MS) || r.step % MINUTE_MS !== 0) throw new RangeError(`log bucket step ${r.step} ms is not a whole number of minutes`);
    return r.step % HOUR_MS === 0 && !(r.from >= now() - retention.minuteMs && r.from % HOUR_MS !== 0) ? 'hour' : 'minute';
  };

  const templates = async (r: LogRange & { limit?: number; filter?: LogFilter }): Promise<LogTemplateTotal[]> => {
    const found = await cells(r.host, tierFor(r), r.from, r.to, r.filter);
    return totalsOf({ redis, keys: logKeys(prefix, r.host), cells: found, ...(r.limit !== undefined ? { limit: r.limit } : {}) });
  };

  return {
    async write(batch) {
      const { keys, arg } = writeArgs(batch, logKeys(prefix, batch.host), limits, now());
      await runScript(redis, WRITE_BATCH, keys, [arg]);
    },

    async buckets(r) {
      return toBuckets(await cells(r.host, bucketTier(r), r.from, r.to, r.filter), r.from, r.step);
    },

    async templateBuckets(r) {
      const found = r.templateIds.length === 0 ? [] : await cells(r.host, bucketTier(r), r.from, r.to, { templateIds: r.templateIds });
      const byId = new Map<string, Cell[]>();
      for (const c of found) byId.set(c.templateId, [...(byId.get(c.templateId) ?? []), c]);
      return new Map([...byId].map(([id, list]) => [id, toBuckets(list, r.from, r.step)]));
    },

    templates,

    async newTemplates(r) {
      const ids = await redis.zrangebyscore(logKeys(prefix, r.host).firstSeen, r.from, `(${r.to}`);
      if (ids.length === 0) return [];
      return templates({ host: r.host, from: r.from, to: r.to, filter: { templateIds: ids } });
    },

    async sources(host) {
      const raw = await redis.hgetall(logKeys(prefix, host).sources);
      const out: LogSourceStatus[] = [];
      for (const v of Object.values(raw)) {
        const s = parseStatus(v);
        if (s) out.push(s);
      }
      return out.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    },
  };
}

function parseStatus(json: string): LogSourceStatus | null {
  try {
    const s = JSON.parse(json) as Partial<LogSourceStatus>;
    if (typeof s.source !== 'string' || typeof s.since !== 'number' || typeof s.lastRead !== 'number') return null;
    return { source: s.source, since: s.since, lastRead: s.lastRead, problem: typeof s.problem === 'string' ? s.problem : null };
  } catch {
    return null;
  }
}
