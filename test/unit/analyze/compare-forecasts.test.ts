import { describe, expect, it } from 'vitest';
import { compareForecasts, forecastSeries, toStoredForecast } from '../../../src/analyze/index.js';
import type { StoredForecast } from '../../../src/analyze/index.js';
import { createRng } from '../../../src/analyze/prng.js';

const stored: StoredForecast = {
  seriesId: 'web-1/disk:/var',
  model: 'holt ETS(A,A,N)',
  madeAt: 0,
  horizon: 4,
  timestamps: [1000, 2000, 3000, 4000],
  mean: [10, 20, 30, 40],
  lo80: [9, 18, 27, 36],
  hi80: [11, 22, 33, 44],
  lo95: [8, 16, 24, 32],
  hi95: [12, 24, 36, 48],
};

describe('compareForecasts', () => {
  it('scores MAPE and interval hit rates per series', () => {
    const [c] = compareForecasts([stored], [{ seriesId: stored.seriesId, timestamps: [1000, 2000, 3000, 4000], values: [10, 25, 30, 46] }]);
    expect(c?.matched).toBe(4);
    // |0|/10, 5/25, 0/30, 6/46 → mean 8.26%
    expect(c?.mape).toBeCloseTo((100 * (0 + 5 / 25 + 0 + 6 / 46)) / 4, 10);
    expect(c?.mae).toBeCloseTo(11 / 4, 10);
    expect(c?.hit80).toBe(0.5);
    expect(c?.hit95).toBe(0.75);
  });

  it('matches the nearest sample within half a step, skips gaps and zero actuals for MAPE', () => {
    const [c] = compareForecasts([stored], [{ seriesId: stored.seriesId, timestamps: [1100, 2400, 2900, 9000], values: [0, null, 30, 40] }]);
    expect(c?.matched).toBe(2);
    expect(c?.mape).toBe(0);
    expect(c?.hit95).toBe(0.5);
  });

  it('reports series without actuals as unmatched', () => {
    expect(compareForecasts([stored], [])).toEqual([{ seriesId: stored.seriesId, matched: 0, mape: null, mae: null, hit80: null, hit95: null }]);
  });

  it('round-trips through JSON from a real forecast', () => {
    const rng = createRng(1);
    const values = Array.from({ length: 200 }, (_, i) => 50 + 0.1 * i + rng.normal());
    const timestamps = values.map((_, i) => i * 60_000);
    const head = forecastSeries({ values: values.slice(0, 180), timestamps: timestamps.slice(0, 180), horizon: 20 });
    const saved = JSON.parse(JSON.stringify(toStoredForecast({ seriesId: 's', result: head, madeAt: 123 }))) as StoredForecast;
    expect(saved.timestamps).toEqual(timestamps.slice(180));
    const [c] = compareForecasts([saved], [{ seriesId: 's', timestamps, values }]);
    expect(c?.matched).toBe(20);
    expect(c?.mape).toBeLessThan(5);
    expect(c?.hit95).toBeGreaterThanOrEqual(0.8);
  });
});
