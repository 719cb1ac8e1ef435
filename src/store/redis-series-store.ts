import type { RedisClient } from '../redis/client.js';
import { appendBulk } from './bulk-append.js';
import { appendSnapshot } from './append-snapshot.js';
import { compactHost } from './compact.js';
import type { StoreContext } from './context.js';
import { groupPoints } from './group-points.js';
import { assertValidPrefix, hostKeys, hostsKey } from './keys.js';
import { rangeQuery } from './range.js';
import { parseSeriesName } from './series-key.js';
import type { RetentionConfig, SeriesStore } from './types.js';

/**
 * Samples per closed raw chunk. Measured on realistic host metrics (bench/store.ts): 120 samples
 * encode to ~2.07 B/sample, 240 to ~2.01, 480 to ~1.98, and Redis adds ~115 B per chunk (hash
 * entry and allocator rounding, by MEMORY USAGE): ~3.0, ~2.5 and ~2.2 B/sample at rest. 240 (40 min
 * at 10 s) stays well inside the 3 B budget while the open chunk, 16 B per sample uncompressed,
 * stays small, and a raw query decodes at most 240 samples it does not need per series.
 */
export const DEFAULT_CHUNK_SIZE = 240;

/**
 * A series with more samples than this in one append call goes through the bulk path, which
 * encodes closed chunks locally; a live snapshot (one sample per series) takes the APPEND path.
 */
const BULK_MIN_SAMPLES = 8;

export type RedisSeriesStoreOptions = {
  redis: RedisClient;
  prefix: string;
  retention: RetentionConfig;
  chunkSize?: number;
  /** Clock used to pick the tier of a range query; defaults to Date.now. */
  now?: () => number;
};

export type RedisSeriesStore = SeriesStore & { listHosts(): Promise<string[]> };

export function createRedisSeriesStore(opts: RedisSeriesStoreOptions): RedisSeriesStore {
  assertValidPrefix(opts.prefix);
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 2) throw new RangeError(`chunkSize must be an integer >= 2, got ${chunkSize}`);
  const ctx: StoreContext = {
    redis: opts.redis,
    prefix: opts.prefix,
    retention: opts.retention,
    chunkSize,
    now: opts.now ?? Date.now,
    keys: (host) => hostKeys(opts.prefix, host),
  };
  const knownHosts = new Set<string>();

  return {
    async append(host, points) {
      assertHost(host);
      const batches = groupPoints(points);
      if (batches.length === 0) return;
      // Register the host first, so the set of hosts never misses one that has data.
      if (!knownHosts.has(host)) {
        await ctx.redis.sadd(hostsKey(ctx.prefix), host);
        knownHosts.add(host);
      }
      const bulk = batches.some((b) => b.t.length > BULK_MIN_SAMPLES);
      const fresh = bulk ? await appendBulk(ctx, host, batches) : await appendSnapshot(ctx, host, batches);
      // New series after the host was forgotten by compaction: make sure it is listed again.
      if (fresh > 0) await ctx.redis.sadd(hostsKey(ctx.prefix), host);
    },
    range: (q) => {
      assertHost(q.host);
      return rangeQuery(ctx, q);
    },
    async listSeries(host, metric) {
      assertHost(host);
      const names = await ctx.redis.hkeys(ctx.keys(host).state);
      return names
        .sort()
        .map((n) => parseSeriesName(host, n))
        .filter((id) => metric === undefined || id.metric === metric);
    },
    compact: (host, now) => {
      assertHost(host);
      return compactHost(ctx, host, now);
    },
    async listHosts() {
      return (await ctx.redis.smembers(hostsKey(ctx.prefix))).sort();
    },
  };
}

function assertHost(host: string): void {
  if (typeof host !== 'string' || host.length === 0) throw new RangeError('host must be a non-empty string');
}
