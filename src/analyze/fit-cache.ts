/**
 * Reuse of fits across reports. A report forecasts thousands of series that barely changed since the
 * last run; the model chosen last time, with its parameters as the starting point, needs a few dozen
 * likelihood evaluations instead of a full AICc search over the family. Every `reselectEvery` uses the
 * search runs again so the model can change with the data. Entries are plain JSON (export/import)
 * so a report can persist them next to its data.
 */
import { forecastSeries } from './forecast-series.js';
import type { WarmStart } from './ets-select.js';
import type { ForecastInput, ForecastResult } from './types.js';

export type FitCacheEntry = { warmStart: WarmStart; uses: number; updatedAt: number };

export type FitCache = {
  get(key: string): FitCacheEntry | undefined;
  set(key: string, entry: FitCacheEntry): void;
  readonly size: number;
  /** JSON-ready snapshot, oldest first. */
  export(): Array<[string, FitCacheEntry]>;
  readonly reselectEvery: number;
};

export function createFitCache(options: { maxEntries?: number; reselectEvery?: number; entries?: Array<[string, FitCacheEntry]> } = {}): FitCache {
  const maxEntries = options.maxEntries ?? 20_000;
  const map = new Map<string, FitCacheEntry>(options.entries ?? []);
  return {
    reselectEvery: options.reselectEvery ?? 10,
    get: (key) => map.get(key),
    set: (key, entry) => {
      // Re-insert so Map order is least-recently-updated first, then evict from the front.
      map.delete(key);
      map.set(key, entry);
      while (map.size > maxEntries) map.delete(map.keys().next().value as string);
    },
    get size() {
      return map.size;
    },
    export: () => Array.from(map.entries()),
  };
}

/** Cache key: a fit is only reusable for the same series and the same (requested) period. */
export function fitCacheKey(seriesId: string, season: number | undefined): string {
  return `${seriesId}@${season ?? 'auto'}`;
}

/** forecastSeries with the cache: warm start when a recent fit exists, full search otherwise. */
export function forecastWithCache(input: ForecastInput & { seriesId: string; cache: FitCache; now?: number }): ForecastResult {
  const { seriesId, cache, now, ...forecastInput } = input;
  const key = fitCacheKey(seriesId, forecastInput.season);
  const entry = cache.get(key);
  const fresh = entry !== undefined && entry.uses < cache.reselectEvery && forecastInput.warmStart === undefined;
  const result = forecastSeries(fresh ? { ...forecastInput, warmStart: entry.warmStart } : forecastInput);
  const warmUsed = result.selection.strategy === 'warm';
  cache.set(key, { warmStart: result.warmStart, uses: warmUsed && entry ? entry.uses + 1 : 0, updatedAt: now ?? Date.now() });
  return result;
}
