/**
 * Reuse of fits across reports. A report forecasts thousands of series that barely changed since the
 * last run; the model chosen last time, with its parameters as the starting point, needs a few dozen
 * likelihood evaluations (or none: see selectModel) instead of a full AICc search over the family.
 * A series whose fit degrades is searched again at once (selectModel); besides, after `reselectEvery`
 * warm starts the search runs again so the model can follow slower change. A series' first cycle is cut
 * short by a hash of its key, so series first fitted together are searched again in different reports.
 * Entries are plain JSON (export/import) so a report can persist them next to its data.
 */
import { forecastSeries } from './forecast-series.js';
import { fromWarmStart, type WarmStart } from './ets-select.js';
import type { Forecaster } from './forecast-pool.js';
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
    reselectEvery: options.reselectEvery ?? 30,
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

/** Cache key: a fit is only reusable for the same series and the same requested period(s). */
export function fitCacheKey(seriesId: string, season: number | undefined, seasons?: number[]): string {
  return `${seriesId}@${seasons && seasons.length > 0 ? seasons.join(',') : (season ?? 'auto')}`;
}

type CachedInput = ForecastInput & { seriesId: string; cache: FitCache; now?: number };

/**
 * Where a series' first full search puts its reselection clock: spread over the cycle by a hash of the
 * key, so a fleet whose fits all started in one report does not search all of them again in one report.
 */
function stagger(key: string, every: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % (every + 1);
}

/** The input with the cached warm start when the entry is fresh, and how to record the result. */
function plan(input: CachedInput): { forecastInput: ForecastInput; remember: (r: ForecastResult) => ForecastResult } {
  const { seriesId, cache, now, ...forecastInput } = input;
  const key = fitCacheKey(seriesId, forecastInput.season, forecastInput.seasons);
  const entry = cache.get(key);
  const fresh = entry !== undefined && entry.uses < cache.reselectEvery && forecastInput.warmStart === undefined;
  return {
    forecastInput: fresh ? { ...forecastInput, warmStart: entry.warmStart } : forecastInput,
    remember: (result) => {
      const warmUsed = fromWarmStart(result.selection.strategy);
      const uses = warmUsed && entry ? entry.uses + 1 : entry ? 0 : stagger(key, cache.reselectEvery);
      cache.set(key, { warmStart: result.warmStart, uses, updatedAt: now ?? Date.now() });
      return result;
    },
  };
}

/** forecastSeries with the cache: warm start when a recent fit exists, full search otherwise. */
export function forecastWithCache(input: CachedInput): ForecastResult {
  const { forecastInput, remember } = plan(input);
  return remember(forecastSeries(forecastInput));
}

/** The same through a Forecaster (e.g. the worker-thread pool); the cache stays on the calling thread. */
export async function forecastWithCacheOn(forecaster: Pick<Forecaster, 'forecast'>, input: CachedInput): Promise<ForecastResult> {
  const { forecastInput, remember } = plan(input);
  return remember(await forecaster.forecast(forecastInput));
}
