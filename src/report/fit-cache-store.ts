import type { RedisClient } from '../redis/client.js';
import { createFitCache, type FitCache, type FitCacheEntry } from '../analyze/index.js';

/** Fits unused this long are dropped: the series is gone or its host was retired. */
const KEEP_MS = 35 * 86_400_000;

/**
 * The forecast fit cache, kept in Redis so a restarted worker (or another worker) warm-starts
 * where the last report ended instead of running the full model search for every series again.
 * A report loads it, works in memory, and writes back only the entries it touched.
 */
export function createFitCacheStore(opts: { redis: RedisClient; prefix: string }) {
  const key = `${opts.prefix}:forecast:fits`;
  return {
    async load(): Promise<{ cache: FitCache; touched: Set<string> }> {
      const raw = await opts.redis.hgetall(key);
      const now = Date.now();
      const entries: Array<[string, FitCacheEntry]> = [];
      for (const [k, v] of Object.entries(raw)) {
        try {
          const e = JSON.parse(v) as FitCacheEntry;
          if (now - e.updatedAt < KEEP_MS) entries.push([k, e]);
        } catch {
          // a corrupt entry only costs a full search
        }
      }
      entries.sort((a, b) => a[1].updatedAt - b[1].updatedAt);
      const inner = createFitCache({ maxEntries: 100_000, entries });
      const touched = new Set<string>();
      const cache: FitCache = {
        get: (k) => inner.get(k),
        set: (k, e) => {
          touched.add(k);
          inner.set(k, e);
        },
        get size() {
          return inner.size;
        },
        export: () => inner.export(),
        reselectEvery: inner.reselectEvery,
      };
      return { cache, touched };
    },
    async save(cache: FitCache, touched: Set<string>): Promise<void> {
      if (touched.size === 0) return;
      const fields: Record<string, string> = {};
      for (const k of touched) {
        const e = cache.get(k);
        if (e) fields[k] = JSON.stringify(e);
      }
      await opts.redis.hset(key, fields);
    },
  };
}

export type FitCacheStore = ReturnType<typeof createFitCacheStore>;
