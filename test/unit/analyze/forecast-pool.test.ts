/**
 * The worker-thread pool gives the same forecasts as the in-process engine (it is deterministic),
 * passes data errors through as ForecastDataError, and refuses work once closed.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnForecastWorker } from '../../../src/analyze/forecast-pool.js';
import { createFitCache, createForecastPool, forecastSeries, forecastWithCache, forecastWithCacheOn, ForecastDataError } from '../../../src/analyze/index.js';
import { createRng } from '../../../src/analyze/prng.js';

function series(seed: number, n: number, multiplicative = false): (number | null)[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    if (i % 97 === 50) return null;
    const season = Math.sin((2 * Math.PI * i) / 24);
    return multiplicative ? (50 + 0.05 * i) * (1 + 0.3 * season) * (1 + 0.02 * rng.normal()) : 40 + 0.01 * i + 5 * season + rng.normal();
  });
}

const pool = createForecastPool({ threads: 2, idleMs: 200 });
afterAll(() => pool.close());

describe('forecast pool', () => {
  it('returns what forecastSeries returns, for analytic and simulated bands, thresholds and timestamps', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const inputs = [
      // Below zero: only additive-error models apply, whose bands are analytic.
      { values: series(1, 400).map((v) => (v === null ? null : v - 60)), season: 24, horizon: 48 },
      { values: series(2, 600, true), season: 24, horizon: 100, model: 'hw-mul' as const },
      { values: series(3, 300), timestamps: Array.from({ length: 300 }, (_, i) => t0 + i * 3_600_000), horizon: 24, threshold: 60 },
      // Several seasons: MSTL + ETS against seasonal naive, validated, the threshold searched past the horizon.
      { values: series(5, 24 * 21), seasons: [24, 168], horizon: 30, threshold: 70 },
    ];
    const results = await Promise.all(inputs.map((input) => pool.forecast(input)));
    expect(results.map((r) => r.intervals).slice(0, 3)).toEqual(['analytic', 'simulated', 'analytic']);
    expect(results[3]?.seasons).toEqual([24, 168]);
    expect(results[3]?.selection.validation?.scores.length).toBeGreaterThan(2);
    results.forEach((r, i) => expect(r).toEqual(forecastSeries(inputs[i] as (typeof inputs)[number])));
    expect(results[2]?.forecast[0]?.timestamp).toBe(t0 + 300 * 3_600_000);
  });

  it('keeps the fit cache on the calling thread: warm starts work as in-process', async () => {
    const onPool = createFitCache();
    const inProcess = createFitCache();
    for (const offset of [0, 24, 48]) {
      const values = series(4, 500).slice(offset, offset + 400);
      const a = await forecastWithCacheOn(pool, { seriesId: 'h|cpu', cache: onPool, values, season: 24, horizon: 12, now: 1 });
      const b = forecastWithCache({ seriesId: 'h|cpu', cache: inProcess, values, season: 24, horizon: 12, now: 1 });
      expect(a).toEqual(b);
    }
    expect(onPool.export()).toEqual(inProcess.export());
    expect(onPool.get('h|cpu@24')?.uses).toBeGreaterThan(0);
  });

  it('passes data errors through with their type and message', async () => {
    const err = await pool.forecast({ values: [1, 2, 3], horizon: 2, model: 'hw-add' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForecastDataError);
    expect((err as Error).message).toMatch(/seasonal period/);
  });

  it('still answers after its idle threads stopped, and refuses work once closed', async () => {
    const spawned: Worker[] = [];
    let exited = 0;
    const watched = createForecastPool({
      threads: 2,
      idleMs: 200,
      spawnWorker: () => {
        const w = spawnForecastWorker();
        w.on('exit', () => exited++);
        spawned.push(w);
        return w;
      },
    });
    try {
      const input = { values: series(5, 200), horizon: 3 };
      await Promise.all([watched.forecast(input), watched.forecast(input)]);
      expect(spawned).toHaveLength(2);
      // Every thread it started has exited once idle, not merely been forgotten by the pool.
      await expect.poll(() => exited, { timeout: 5_000, interval: 20 }).toBe(2);
      expect((await watched.forecast(input)).forecast).toEqual(forecastSeries(input).forecast);
      expect(spawned).toHaveLength(3);
    } finally {
      await watched.close();
    }
    expect(exited).toBe(3);
    const other = createForecastPool({ threads: 1 });
    const pending = other.forecast({ values: series(6, 3000), season: 24, horizon: 200 });
    const rejected = expect(pending).rejects.toThrow(/closed/);
    await other.close();
    await rejected;
    await expect(other.forecast({ values: series(6, 100), horizon: 1 })).rejects.toThrow(/closed/);
  });

  it('rejects only the tasks a dying thread held, then forecasts in-process once threads keep dying', async () => {
    const dying = createForecastPool({ threads: 1, spawnWorker: () => new Worker('process.exit(3)', { eval: true }) });
    const input = { values: series(7, 300), horizon: 5 };
    const settled = await Promise.allSettled(Array.from({ length: 10 }, () => dying.forecast(input)));
    const rejected = settled.filter((r) => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.length).toBeLessThanOrEqual(6); // at most two in flight on each of the three threads
    for (const r of rejected) expect(String(r.reason)).toMatch(/exited with code 3/);
    const expected = forecastSeries(input);
    for (const r of settled) if (r.status === 'fulfilled') expect(r.value).toEqual(expected);
    expect(await dying.forecast(input)).toEqual(expected);
    await dying.close();
  });
});
