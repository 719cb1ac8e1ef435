import { describe, expect, it } from 'vitest';
import { createFitCache, forecastSeries, forecastWithCache } from '../../../src/analyze/index.js';
import { createRng } from '../../../src/analyze/prng.js';

function series(seed: number, n = 2016): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => 40 + 0.002 * i + 6 * Math.sin((2 * Math.PI * i) / 288) + rng.normal());
}

describe('fit cache', () => {
  it('warm-starts the second forecast of a series from the cached fit', () => {
    const cache = createFitCache();
    const values = series(1);
    const first = forecastWithCache({ seriesId: 'h1/cpu', cache, values, season: 288, horizon: 12, now: 1 });
    expect(first.selection.strategy).not.toBe('warm');
    expect(cache.size).toBe(1);
    const next = [...values.slice(12), ...series(2, 12)];
    const second = forecastWithCache({ seriesId: 'h1/cpu', cache, values: next, season: 288, horizon: 12, now: 2 });
    expect(second.selection.strategy).toBe('warm');
    expect(second.ets).toBe(first.ets);
    // The warm fit is as good as a cold search on the same data, give or take the looser tolerance.
    const cold = forecastSeries({ values: next, season: 288, horizon: 12 });
    expect(second.aicc).toBeLessThanOrEqual(cold.aicc + 2);
  });

  it('searches again after reselectEvery warm uses, and keys by period', () => {
    const cache = createFitCache({ reselectEvery: 2 });
    const values = series(3, 600);
    const strategies = [0, 1, 2, 3].map(() => forecastWithCache({ seriesId: 's', cache, values, season: 288, horizon: 1 }).selection.strategy);
    expect(strategies.map((s) => s === 'warm')).toEqual([false, true, true, false]);
    forecastWithCache({ seriesId: 's', cache, values, horizon: 1 });
    expect(cache.size).toBe(2);
  });

  it('exports and imports as JSON, evicting the least recently updated', () => {
    const cache = createFitCache({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) forecastWithCache({ seriesId: id, cache, values: series(4, 300), horizon: 1 });
    const exported = JSON.parse(JSON.stringify(cache.export())) as ReturnType<typeof cache.export>;
    expect(exported.map(([k]) => k)).toEqual(['b@auto', 'c@auto']);
    const restored = createFitCache({ entries: exported });
    expect(forecastWithCache({ seriesId: 'c', cache: restored, values: series(4, 300), horizon: 1 }).selection.strategy).toBe('warm');
  });
});
