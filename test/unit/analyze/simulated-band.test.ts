/**
 * Long simulated bands take quantiles at a subset of steps and interpolate between them relative to
 * the point forecast. The paths do not depend on the horizon, so a horizon short enough to get every
 * step's quantiles is the exact reference for the first steps of a long one.
 */
import { describe, expect, it } from 'vitest';
import { forecastBand } from '../../../src/analyze/ets-intervals.js';
import type { EtsSpec } from '../../../src/analyze/index.js';

const m = 24;
const s = Float64Array.from({ length: m }, (_, k) => 1 + 0.5 * Math.sin((2 * Math.PI * k) / m) + (k === 7 ? 0.6 : 0));
const base = { p: { alpha: 0.2, beta: 0.01, gamma: 0.1, phi: 0.98 }, state: { l: 100, b: 0.3, s, phase: 5 }, sigma2: 0.03 ** 2, paths: 1000, seed: 7 };

describe('simulated bands on long horizons', () => {
  for (const spec of [
    { error: 'M', trend: 'A', season: 'M' },
    { error: 'M', trend: 'Ad', season: 'A' },
  ] satisfies EtsSpec[]) {
    it(`ETS(${spec.error},${spec.trend},${spec.season}): interpolated steps stay within a small share of the band width`, () => {
      const exact = forecastBand({
        ...base,
        spec,
        state: { ...base.state, s: Float64Array.from(spec.season === 'A' ? s.map((v) => 20 * (v - 1)) : s) },
        horizon: 64,
      });
      const long = forecastBand({
        ...base,
        spec,
        state: { ...base.state, s: Float64Array.from(spec.season === 'A' ? s.map((v) => 20 * (v - 1)) : s) },
        horizon: 288,
      });
      let worst = 0;
      let interpolated = 0;
      for (let h = 0; h < 64; h++) {
        expect(long.mean[h]).toBeCloseTo(exact.mean[h] as number, 9);
        const width = (exact.hi95[h] as number) - (exact.lo95[h] as number);
        for (const key of ['lo80', 'hi80', 'lo95', 'hi95'] as const) {
          const d = Math.abs((long[key][h] as number) - (exact[key][h] as number)) / width;
          if (d > 0) interpolated++;
          worst = Math.max(worst, d);
        }
      }
      // Some steps were interpolated (else this tests nothing), each close to its own quantile; the
      // seasonal spike at phase 7 must show in the band as it does in the forecast.
      expect(interpolated).toBeGreaterThan(100);
      expect(worst).toBeLessThan(0.06);
      expect(worst).toBeGreaterThan(0);
      for (let h = 0; h < 288; h++) {
        expect(long.lo95[h] as number).toBeLessThanOrEqual(long.lo80[h] as number);
        expect(long.lo80[h] as number).toBeLessThanOrEqual(long.mean[h] as number);
        expect(long.hi80[h] as number).toBeGreaterThanOrEqual(long.mean[h] as number);
        expect(long.hi95[h] as number).toBeGreaterThanOrEqual(long.hi80[h] as number);
      }
    });
  }
});
