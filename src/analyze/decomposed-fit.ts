/**
 * MSTL + ETS, as R's stlf does it: the seasonal components are taken out by MSTL, the adjusted series
 * is forecast by the ETS family without a season (AICc selection, or the cached model), and each
 * seasonal component is carried forward as its last cycle. With `log`, all of it runs on log values and
 * the forecast is exponentiated back (seasonal amplitudes that grow with the level, as traffic's do);
 * a band's quantiles map through exp exactly, and the point forecast is the median.
 */
import type { EtsFit } from './ets-fit.js';
import { advanceState, etsRun, pointForecast, type EtsRun, type EtsState } from './ets-filter.js';
import { residualVariance } from './ets-model.js';
import { selectModel, type Selection, type WarmStart } from './ets-select.js';
import { mstl } from './mstl.js';

/** Adjusted values the ETS part is fitted on at most: beyond it older data changes the fit very little. */
const MAX_ADJUSTED_FIT = 1000;

export type DecomposedFit = {
  periods: number[];
  log: boolean;
  seasonals: Float64Array[];
  /** The series less its seasonal components (log scale with `log`); NaN where the series is missing. */
  adjusted: Float64Array;
  /** First index of `adjusted` the ETS part was fitted on. */
  etsFrom: number;
  selection: Selection;
  fit: EtsFit;
  run: EtsRun;
  sigma2: number;
};

/** Sum of the seasonal components' last cycles, steps 1..steps after index `origin` - 1. */
export function seasonalAhead(seasonals: Float64Array[], periods: number[], origin: number, steps: number): Float64Array {
  const out = new Float64Array(steps);
  seasonals.forEach((s, p) => {
    const m = periods[p] as number;
    for (let k = 0; k < steps; k++) out[k] = (out[k] as number) + (s[origin - m + (k % m)] as number);
  });
  return out;
}

export function allPositive(y: Float64Array): boolean {
  for (let i = 0; i < y.length; i++) if ((y[i] as number) <= 0) return false;
  return true;
}

const toLog = (y: Float64Array): Float64Array => y.map((v) => (v === v ? Math.log(v) : Number.NaN));

export function fitDecomposed(input: { y: Float64Array; periods: number[]; log: boolean; warm?: WarmStart; minEtsPoints?: number }): DecomposedFit | null {
  const { periods, log } = input;
  const x = log ? toLog(input.y) : input.y;
  const d = mstl(x, { periods });
  const n = x.length;
  const etsFrom = Math.max(0, n - Math.max(MAX_ADJUSTED_FIT, input.minEtsPoints ?? 0));
  const window = d.adjusted.subarray(etsFrom);
  const selection = selectModel({ y: window, m: 1, choice: 'auto', warm: input.warm, screen: true });
  if (selection === null) return null;
  const { fit } = selection;
  const run = etsRun(window, fit.spec, fit.smoothing, fit.init);
  const sigma2 = residualVariance(run.sse, run.nobs, fit.spec, 1);
  return { periods: d.periods, log, seasonals: d.seasonals, adjusted: d.adjusted, etsFrom, selection, fit, run, sigma2 };
}

/**
 * Point forecasts from each origin (index into y, ascending), each using only the data before it: the
 * decomposition is redone at the first origin and again whenever a full cycle of the longest period has
 * passed since the last one (origins in between carry its seasonal cycles forward and adjust their newer
 * data with them); the ETS part keeps the parameters fitted on the whole series, its state run forward.
 */
export function decomposedForecastsFrom(f: DecomposedFit, y: Float64Array, origins: number[], steps: number): Float64Array[] {
  const x = f.log ? toLog(y) : y;
  const longest = f.periods.at(-1) as number;
  const { spec, smoothing } = f.fit;
  let base = -longest;
  let adjusted: Float64Array = new Float64Array(0);
  let ahead: Float64Array = new Float64Array(0);
  return origins.map((o) => {
    if (o - base >= longest) {
      base = o;
      const d = mstl(x.subarray(0, o), { periods: f.periods });
      ahead = seasonalAhead(d.seasonals, f.periods, o, y.length - o);
      adjusted = new Float64Array(y.length);
      adjusted.set(d.adjusted);
      for (let i = o; i < y.length; i++) adjusted[i] = (x[i] as number) - (ahead[i - o] as number);
    }
    // The ETS state is rerun from its start on each decomposition's adjusted series: they differ.
    const state: EtsState = advanceState(adjusted.subarray(f.etsFrom, o), spec, smoothing, f.fit.init);
    const mean = pointForecast(spec, smoothing, state, Math.min(steps, y.length - o));
    for (let k = 0; k < mean.length; k++) {
      const v = (mean[k] as number) + (ahead[o - base + k] as number);
      mean[k] = f.log ? Math.exp(v) : v;
    }
    return mean;
  });
}
