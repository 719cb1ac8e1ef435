import { describe, expect, it } from 'vitest';
import { createFitCache, forecastSeries, forecastWithCache, fromWarmStart } from '../../../src/analyze/index.js';
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
    expect(fromWarmStart(first.selection.strategy)).toBe(false);
    expect(cache.size).toBe(1);
    const next = [...values.slice(12), ...series(2, 12)];
    const second = forecastWithCache({ seriesId: 'h1/cpu', cache, values: next, season: 288, horizon: 12, now: 2 });
    expect(fromWarmStart(second.selection.strategy)).toBe(true);
    expect(second.ets).toBe(first.ets);
    // The warm fit is as good as a cold search on the same data, give or take the looser tolerance.
    const cold = forecastSeries({ values: next, season: 288, horizon: 12 });
    expect(second.aicc).toBeLessThanOrEqual(cold.aicc + 2);
  });

  it('searches again after reselectEvery warm uses, and keys by period', () => {
    const cache = createFitCache({ reselectEvery: 2 });
    const values = series(3, 600);
    const warm = Array.from({ length: 10 }, () => forecastWithCache({ seriesId: 's', cache, values, season: 288, horizon: 1 }).selection.strategy).map(
      fromWarmStart,
    );
    expect(warm[0]).toBe(false);
    // After the first re-search the cycle is one search and reselectEvery warm starts.
    const again = warm.indexOf(false, 1);
    expect(again).toBeGreaterThan(0);
    expect(again).toBeLessThanOrEqual(3);
    expect(warm.slice(again)).toEqual([false, true, true, false, true, true, false, true, true, false].slice(0, 10 - again));
    forecastWithCache({ seriesId: 's', cache, values, horizon: 1 });
    expect(cache.size).toBe(2);
  });

  it('spreads the full searches of series first fitted together over the following reports', () => {
    const cache = createFitCache({ reselectEvery: 4 });
    const values = series(5, 120);
    const ids = Array.from({ length: 200 }, (_, i) => `host${i}|cpu`);
    const searches = Array.from(
      { length: 6 },
      () => ids.filter((id) => !fromWarmStart(forecastWithCache({ seriesId: id, cache, values, horizon: 1 }).selection.strategy)).length,
    );
    expect(searches[0]).toBe(200);
    // One in five per report on average (a search, then four warm starts), never all at once.
    for (const n of searches.slice(1)) {
      expect(n).toBeGreaterThan(15);
      expect(n).toBeLessThan(70);
    }
  });

  it('exports and imports as JSON, evicting the least recently updated', () => {
    const cache = createFitCache({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) forecastWithCache({ seriesId: id, cache, values: series(4, 300), horizon: 1 });
    const exported = JSON.parse(JSON.stringify(cache.export())) as ReturnType<typeof cache.export>;
    expect(exported.map(([k]) => k)).toEqual(['b@auto', 'c@auto']);
    const restored = createFitCache({ entries: exported });
    expect(forecastWithCache({ seriesId: 'c', cache: restored, values: series(4, 300), horizon: 1 }).selection.strategy).toBe('reused');
  });

  it('reuses the parameters while they still fit, refines them when the fit worsens, searches when it fails', () => {
    const cache = createFitCache();
    const whole = series(6, 1600);
    const first = forecastWithCache({ seriesId: 'r', cache, values: whole.slice(0, 1500), season: 288, horizon: 12 });
    // The same series 100 samples later: the parameters are applied as they are.
    const later = whole.slice(100);
    const reused = forecastWithCache({ seriesId: 'r', cache, values: later, season: 288, horizon: 12 });
    expect(reused.selection.strategy).toBe('reused');
    expect(reused.params).toEqual(first.params);
    // A little more noise: the residuals outgrow the old fit's by more than 10%, so the parameters are refined.
    const jitter = (amp: number) => later.map((v, i) => v + amp * Math.sin(i * 12.9898) * Math.cos(i * 78.233));
    const refit = forecastWithCache({ seriesId: 'r', cache, values: jitter(1), season: 288, horizon: 12 });
    expect(refit.selection.strategy).toBe('warm');
    expect(refit.sigma2).toBeGreaterThan(first.sigma2 * 1.1);
    expect(refit.sigma2).toBeLessThan(first.sigma2 * 1.5);
    // Far more noise: even refined the fit is much worse than before, so the full search runs again.
    const searched = forecastWithCache({ seriesId: 'r', cache, values: jitter(6), season: 288, horizon: 12 });
    expect(fromWarmStart(searched.selection.strategy)).toBe(false);
    expect(searched.selection.candidates).toBeGreaterThan(1);
  });

  it('measures reused parameters against the variance they were fitted with, so slow decay is caught', () => {
    const values = series(8, 1500);
    const fitted = forecastSeries({ values, season: 288, horizon: 1 });
    const onNew = forecastSeries({ values: series(9, 1500), season: 288, horizon: 1, warmStart: { ...fitted.warmStart, sigma2: Number.MAX_VALUE } }).sigma2;
    // 5% worse than when fitted: reused, and the yardstick stays the fitted variance.
    const reference = onNew / 1.05;
    const reused = forecastSeries({ values: series(9, 1500), season: 288, horizon: 1, warmStart: { ...fitted.warmStart, sigma2: reference } });
    expect(reused.selection.strategy).toBe('reused');
    expect(reused.warmStart.sigma2).toBe(reference);
    // Another 5% on top is beyond 10% of the fitted variance: refined.
    const next = forecastSeries({
      values: series(9, 1500),
      season: 288,
      horizon: 1,
      warmStart: { ...reused.warmStart, sigma2: (reused.warmStart.sigma2 as number) / 1.05 },
    });
    expect(next.selection.strategy).toBe('warm');
  });
});
