/**
 * Forecast bands of a chosen method: the ETS part's band (analytic or simulated, ets-intervals.ts),
 * moved by the seasonal components carried forward (MSTL) and mapped back from logs; a mean of two
 * methods averages their bands quantile by quantile.
 * Time to threshold looks further ahead than the display horizon (threshold.ts): past it the mean is
 * exact and the 80% band analytic where the model has exact intervals; otherwise the analytic form of
 * the same model's variance (relative to the forecast for multiplicative errors), scaled to meet the
 * simulated band at the last displayed step, since simulating a year of five-minute steps is too dear.
 */
import { analyticBand, forecastBand, hasAnalyticIntervals, Z80, type Band } from './ets-intervals.js';
import { varianceGrowth } from './band-calibration.js';
import { pointForecast } from './ets-filter.js';
import type { FittedModel } from './fitted-model.js';

export type MeanBand80 = Pick<Band, 'mean' | 'lo80' | 'hi80'>;

type Arrays = Record<keyof Band, Float64Array>;
const KEYS = ['mean', 'lo80', 'hi80', 'lo95', 'hi95'] as const;

/** The ETS part's values moved onto the series (new arrays): plus the seasonal components, exponentiated for logs. */
function toSeries<T extends Partial<Arrays>>(model: FittedModel, band: T, steps: number): T {
  const seasonal = model.seasonalAhead?.(steps) ?? null;
  if (seasonal === null && !model.log) return band;
  const out = { ...band };
  for (const key of KEYS) {
    const arr = band[key];
    if (!arr) continue;
    const moved = new Float64Array(arr.length);
    for (let h = 0; h < arr.length; h++) {
      const v = (arr[h] as number) + (seasonal ? (seasonal[h] as number) : 0);
      moved[h] = model.log ? Math.exp(v) : v;
    }
    (out as Partial<Arrays>)[key] = moved;
  }
  return out;
}

function averaged<T extends Partial<Arrays>>(parts: T[]): T {
  if (parts.length === 1) return parts[0] as T;
  const out = { ...(parts[0] as T) };
  for (const key of KEYS) {
    const first = out[key];
    if (!first) continue;
    const sum = Float64Array.from(first);
    for (const p of parts.slice(1)) {
      const arr = p[key] as Float64Array;
      for (let h = 0; h < sum.length; h++) sum[h] = (sum[h] as number) + (arr[h] as number);
    }
    for (let h = 0; h < sum.length; h++) sum[h] = (sum[h] as number) / parts.length;
    (out as Partial<Arrays>)[key] = sum;
  }
  return out;
}

/** The ETS parts' own bands (before seasonal components and logs), computed once for display and threshold search. */
export function memberBands(members: FittedModel[], horizon: number, paths?: number, seed?: number): Band[] {
  return members.map((m) => forecastBand({ spec: m.spec, p: m.smoothing, state: m.state, horizon, sigma2: m.sigma2 * m.calibration, paths, seed }));
}

/** The display band of a method (one model, or the mean of two). */
export function methodBand(members: FittedModel[], bands: Band[]): Band {
  return averaged(members.map((m, i) => toSeries(m, bands[i] as Band, (bands[i] as Band).mean.length)));
}

/** Analytic 80% half-widths of the ETS part, per step, for steps 1..steps (relative to the mean for multiplicative errors). */
function linearHalfWidths(model: FittedModel, mean: Float64Array, steps: number): Float64Array {
  const growth = varianceGrowth(model, steps);
  const relative = model.spec.error === 'M';
  return growth.map((g, h) => Z80 * Math.sqrt(model.sigma2 * model.calibration * g) * (relative ? Math.abs(mean[h] as number) : 1));
}

/** Mean and 80% band of the ETS part for `steps` (≥ the display horizon), continuing `display`. */
function longEtsBand(model: FittedModel, display: Band, steps: number): MeanBand80 {
  if (hasAnalyticIntervals(model.spec)) return analyticBand(model.spec, model.smoothing, model.state, steps, model.sigma2 * model.calibration);
  const mean = pointForecast(model.spec, model.smoothing, model.state, steps);
  const lo80 = new Float64Array(steps);
  const hi80 = new Float64Array(steps);
  const shown = display.mean.length;
  lo80.set(display.lo80);
  hi80.set(display.hi80);
  const half = linearHalfWidths(model, mean, steps);
  const last = shown - 1;
  const simulatedHalf = ((display.hi80[last] as number) - (display.lo80[last] as number)) / 2;
  const scale = (half[last] as number) > 0 && Number.isFinite(simulatedHalf) ? simulatedHalf / (half[last] as number) : 1;
  for (let h = shown; h < steps; h++) {
    lo80[h] = (mean[h] as number) - scale * (half[h] as number);
    hi80[h] = (mean[h] as number) + scale * (half[h] as number);
  }
  return { mean, lo80, hi80 };
}

/** Mean and 80% band for `steps` ahead (≥ the display horizon) for time to threshold; the first steps agree with methodBand. */
export function searchBand(members: FittedModel[], bands: Band[], steps: number): MeanBand80 {
  return averaged(
    members.map((m, i) => {
      const display = bands[i] as Band;
      const long = steps <= display.mean.length ? display : longEtsBand(m, display, steps);
      return toSeries(m, { mean: long.mean, lo80: long.lo80, hi80: long.hi80 }, steps);
    }),
  );
}
