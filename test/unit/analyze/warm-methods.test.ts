/**
 * Cached fits of every method: the next forecast of the series refits the cached method cheaply (no
 * validation), keeps its calibration, and a cache entry survives JSON; a cached method the new data
 * cannot support (too short for its week) sends the series back to a full search.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFitCache, forecastSeries, forecastWithCache, fromWarmStart, type WarmStart } from '../../../src/analyze/index.js';

const rows = readFileSync(new URL('../../fixtures/forecast/taylor.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1);
const values = rows.map((l) => Number(l.split(',')[1]));
const timestamps = rows.map((l) => Date.parse(l.split(',')[0] as string));
const slice = (from: number, to: number) => ({ values: values.slice(from, to), timestamps: timestamps.slice(from, to) });

describe('warm starts of each method', () => {
  it('refits a cached MSTL fit on the next window without validating again', () => {
    const cache = createFitCache();
    const first = forecastWithCache({ seriesId: 'grid', cache, ...slice(0, 2688), horizon: 48 });
    expect(first.selection.strategy).toBe('validated');
    expect(first.warmStart.method?.kind).toMatch(/mstl|mean|snaive/);
    const restored = createFitCache({ entries: JSON.parse(JSON.stringify(cache.export())) as ReturnType<typeof cache.export> });
    const next = forecastWithCache({ seriesId: 'grid', cache: restored, ...slice(48, 2736), horizon: 48 });
    expect(fromWarmStart(next.selection.strategy)).toBe(true);
    expect(next.selection.validation).toBeUndefined();
    expect(next.model.replace(/ets\(.*\)/, '')).toBe(first.model.replace(/ets\(.*\)/, ''));
    expect(next.warmStart.calibration).toBe(first.warmStart.calibration);
  });

  it('rebuilds a cached mean of two methods, and seasonal naive, from their warm starts', () => {
    const window = slice(0, 2688);
    const full = forecastSeries({ ...window, seasons: [48, 336], horizon: 48 });
    const snaive: WarmStart = {
      spec: { error: 'A', trend: 'N', season: 'A' },
      season: 336,
      smoothing: { alpha: 0, beta: 0, gamma: 1, phi: 1 },
      sigma2: 1,
      method: { kind: 'snaive', periods: [336] },
      calibration: 1.5,
    };
    const mstlWarm = full.warmStart.method?.kind === 'mstl' ? full.warmStart : null;
    expect(mstlWarm).not.toBeNull();
    const mean: WarmStart = { ...(mstlWarm as WarmStart), method: { kind: 'mean', periods: [48, 336] }, members: [mstlWarm as WarmStart, snaive] };
    const r = forecastSeries({ ...window, seasons: [48, 336], horizon: 48, warmStart: mean });
    expect(r.model).toBe(`mean(${full.model},snaive(336))`);
    expect(fromWarmStart(r.selection.strategy)).toBe(true);
    const point = (full.forecast[0]?.mean as number) / 2 + (window.values.at(-336) as number) / 2;
    expect(Math.abs((r.forecast[0]?.mean as number) / point - 1)).toBeLessThan(1e-3);
    const alone = forecastSeries({ ...window, seasons: [48, 336], horizon: 48, warmStart: snaive });
    expect(alone.model).toBe('snaive(336)');
    expect(alone.selection.strategy).toBe('reused');
    expect(alone.warmStart.calibration).toBe(1.5);
  });

  it('searches again when the cached method needs more data than the window has', () => {
    const full = forecastSeries({ ...slice(0, 2688), seasons: [48, 336], horizon: 48 });
    const short = forecastSeries({ ...slice(2064, 2688), horizon: 48, warmStart: full.warmStart });
    expect(short.selection.strategy).toBe('validated');
    expect(short.seasons).toEqual([48]);
  });
});
