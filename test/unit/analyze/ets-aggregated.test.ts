/**
 * Long periods (5-minute data, daily cycle of 288) choose the model structure on hourly block means.
 * Checked against the exhaustive alternative: all 15 models fitted at full resolution, best AICc.
 */
import { describe, expect, it } from 'vitest';
import { fitEts } from '../../../src/analyze/ets-fit.js';
import { etsRun, pointForecast } from '../../../src/analyze/ets-filter.js';
import { BUDGETS, viableSpecs } from '../../../src/analyze/ets-select.js';
import { forecastSeries } from '../../../src/analyze/index.js';
import { createRng } from '../../../src/analyze/prng.js';
import { report, mase } from './r-reference.js';

const M = 288;

/** Monitoring-like: drifting level, daily cycle (additive or multiplicative), noise. */
function series(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const kind = seed % 3;
  let level = 30 + 40 * rng.next();
  const amp = 2 + 10 * rng.next();
  const slope = kind === 1 ? 0.002 + 0.01 * rng.next() : 0.0005 * rng.normal();
  const noise = 0.5 + 2 * rng.next();
  return Array.from({ length: n }, (_, i) => {
    level += slope + 0.02 * rng.normal();
    const cycle = amp * (Math.sin((2 * Math.PI * i) / M) + 0.4 * Math.sin((4 * Math.PI * i) / M));
    return kind === 2 ? level * (1 + cycle / 40) + noise * rng.normal() : level + cycle + noise * rng.normal();
  });
}

describe('structure chosen on block means for long periods', () => {
  const rows = [11, 12, 13, 14, 15, 16].map((seed) => {
    const all = series(2016 + M, seed);
    const train = all.slice(0, 2016);
    const test = all.slice(2016);
    const ours = forecastSeries({ values: train, season: M, horizon: M });
    const y = Float64Array.from(train.slice(-1152));
    const fits = viableSpecs(y, M, 'auto').map((spec) => fitEts({ y, spec, m: M, optimizeStates: false, budget: BUDGETS.fast }));
    const exhaustive = fits.reduce((a, b) => (b.aicc < a.aicc ? b : a));
    const final = etsRun(y, exhaustive.spec, exhaustive.smoothing, exhaustive.init).final;
    const snaive = test.map((_, h) => train[train.length - M + h] as number);
    return {
      strategy: ours.selection.strategy,
      seasonal: ours.spec.season !== 'N',
      ours: mase(
        ours.forecast.map((p) => p.mean),
        test,
        train,
        M,
      ),
      exhaustive: mase(pointForecast(exhaustive.spec, exhaustive.smoothing, final, M), test, train, M),
      snaive: mase(snaive, test, train, M),
    };
  });

  it('selects seasonal models and forecasts better than the exhaustive full-resolution search', () => {
    const mean = (k: 'ours' | 'exhaustive' | 'snaive'): number => rows.reduce((a, r) => a + r[k], 0) / rows.length;
    report(
      `5-min series, day-ahead MASE: aggregated selection ${mean('ours').toFixed(3)}, exhaustive full-resolution AICc ${mean('exhaustive').toFixed(3)}, seasonal naive ${mean('snaive').toFixed(3)}`,
    );
    // One season forced: ETS (structure chosen on block means) against seasonal naive on the last day.
    expect(rows.every((r) => r.strategy === 'validated' && r.seasonal)).toBe(true);
    expect(mean('ours')).toBeLessThan(mean('exhaustive'));
    expect(mean('ours')).toBeLessThan(mean('snaive'));
  });
});
