/**
 * Seasonal naive as the degenerate ETS(A,N,A) (α = 0, γ = 1): the same forecasts and intervals as R's
 * forecast::snaive, through the engine's own band code.
 */
import { describe, expect, it } from 'vitest';
import { forecastBand } from '../../../src/analyze/ets-intervals.js';
import { SNAIVE_SMOOTHING, SNAIVE_SPEC, seasonalNaive, seasonalNaiveFrom } from '../../../src/analyze/seasonal-naive.js';
import { loadRSeries } from './r-reference.js';

describe('seasonal naive', () => {
  it('forecasts and bands AirPassengers as R snaive(h = 25) does', () => {
    const air = loadRSeries().find((s) => s.name === 'AirPassengers')?.values as number[];
    const sn = seasonalNaive(Float64Array.from(air), 12);
    expect(sn.sigma2).toBeCloseTo(1318.833, 2);
    const band = forecastBand({ spec: SNAIVE_SPEC, p: SNAIVE_SMOOTHING, state: sn.state, horizon: 25, sigma2: sn.sigma2 });
    expect(Array.from(band.mean.subarray(0, 12))).toEqual(air.slice(-12));
    expect(band.mean[24]).toBe(air.at(-12));
    // R: snaive(AirPassengers, h = 25, level = c(80, 95)), bounds at steps 1, 13 and 25.
    expect(band.lo80[0]).toBeCloseTo(370.4595002, 5);
    expect(band.hi80[0]).toBeCloseTo(463.5404998, 5);
    expect(band.lo95[12]).toBeCloseTo(316.3397403, 5);
    expect(band.hi95[12]).toBeCloseTo(517.6602597, 5);
    expect(band.lo80[24]).toBeCloseTo(336.3894897, 5);
    expect(band.hi80[24]).toBeCloseTo(497.6105103, 5);
  });

  it('takes a missing last value from the cycle before, and forecasts from earlier origins with earlier data only', () => {
    const y = Float64Array.from({ length: 30 }, (_, i) => (i % 7) * 10 + i);
    y[27] = Number.NaN;
    const sn = seasonalNaive(y, 7);
    // Index 27's phase last had a value at 20.
    expect(sn.state.s[4]).toBe(y[20]);
    expect(Array.from(seasonalNaiveFrom(y, 7, 14, 9))).toEqual([7, 8, 9, 10, 11, 12, 13, 7, 8].map((i) => y[i] as number));
  });
});
