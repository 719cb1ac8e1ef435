/**
 * The candidates a forecast is chosen from, in one shape: an ETS model on the series (one season at
 * most), seasonal naive for a period, or MSTL + ETS. Each keeps its ETS part (seasonal naive is the
 * degenerate ETS(A,N,A), see seasonal-naive.ts), what forecasting from it needs, and how to forecast
 * from earlier origins for the tail validation.
 */
import { seasonalAhead, decomposedForecastsFrom, type DecomposedFit } from './decomposed-fit.js';
import type { EtsFit } from './ets-fit.js';
import { advanceState, etsRun, pointForecast, type EtsState, type Smoothing } from './ets-filter.js';
import { modelNameOf, residualVariance, type EtsSpec } from './ets-model.js';
import type { MethodKind, Selection, WarmStart } from './ets-select.js';
import { SNAIVE_SMOOTHING, SNAIVE_SPEC, seasonalNaive, seasonalNaiveFrom } from './seasonal-naive.js';

export type FittedModel = {
  kind: MethodKind;
  /** Method name as the CLI prints it: "hw-add", "snaive(336)", "mstl(48,336)+ets(A,Ad,N)". */
  label: string;
  periods: number[];
  log: boolean;
  spec: EtsSpec;
  smoothing: Smoothing;
  /** The ETS part's state after the last value. */
  state: EtsState;
  sigma2: number;
  /** Variance multiplier for the bands, from the tail validation (band-calibration.ts); 1 without one. */
  calibration: number;
  /** One-step residuals of the ETS part, index-aligned with the fitted series (NaN where none). */
  residuals: Float64Array;
  nobs: number;
  /** AICc of the ETS part (NaN for seasonal naive, which has no likelihood fit). */
  aicc: number;
  selection: Selection | null;
  fit: EtsFit | null;
  /** Seasonal components (MSTL) added to the ETS part's forecast, steps 1..steps ahead. */
  seasonalAhead: ((steps: number) => Float64Array) | null;
  forecastsFrom(y: Float64Array, origins: number[], steps: number): Float64Array[];
  warmStart: WarmStart;
};

const ets = (spec: EtsSpec): string => `${spec.error},${spec.trend},${spec.season}`;

/** Residuals of the fitted window placed at their indices in the series. */
function placed(n: number, from: number, residuals: Float64Array): Float64Array {
  const out = new Float64Array(n).fill(Number.NaN);
  out.set(residuals, from);
  return out;
}

export function etsModel(y: Float64Array, selection: Selection, m: number): FittedModel {
  const { fit } = selection;
  const run = etsRun(y, fit.spec, fit.smoothing, fit.init);
  const sigma2 = residualVariance(run.sse, run.nobs, fit.spec, fit.m);
  return {
    kind: 'ets',
    label: modelNameOf(fit.spec),
    periods: fit.spec.season === 'N' || m <= 1 ? [] : [m],
    log: false,
    spec: fit.spec,
    smoothing: fit.smoothing,
    state: run.final,
    sigma2,
    calibration: 1,
    residuals: run.residuals,
    nobs: run.nobs,
    aicc: fit.aicc,
    selection,
    fit,
    seasonalAhead: null,
    forecastsFrom: (series, origins, steps) => {
      let state: EtsState = fit.init;
      let at = 0;
      return origins.map((o) => {
        state = advanceState(series.subarray(at, o), fit.spec, fit.smoothing, state);
        at = o;
        return pointForecast(fit.spec, fit.smoothing, state, Math.min(steps, series.length - o));
      });
    },
    warmStart: { spec: fit.spec, season: m, smoothing: { ...fit.smoothing }, sigma2, method: { kind: 'ets', periods: m > 1 ? [m] : [] } },
  };
}

export function snaiveModel(y: Float64Array, m: number): FittedModel {
  const sn = seasonalNaive(y, m);
  return {
    kind: 'snaive',
    label: `snaive(${m})`,
    periods: [m],
    log: false,
    spec: SNAIVE_SPEC,
    smoothing: SNAIVE_SMOOTHING,
    state: sn.state,
    sigma2: sn.sigma2,
    calibration: 1,
    residuals: sn.residuals,
    nobs: sn.nobs,
    aicc: Number.NaN,
    selection: null,
    fit: null,
    seasonalAhead: null,
    forecastsFrom: (series, origins, steps) => origins.map((o) => seasonalNaiveFrom(series, m, o, Math.min(steps, series.length - o))),
    warmStart: { spec: SNAIVE_SPEC, season: m, smoothing: { ...SNAIVE_SMOOTHING }, sigma2: sn.sigma2, method: { kind: 'snaive', periods: [m] } },
  };
}

export function decomposedModel(y: Float64Array, d: DecomposedFit): FittedModel {
  const { fit, run } = d;
  const n = y.length;
  return {
    kind: 'mstl',
    label: `mstl(${d.periods.join(',')}${d.log ? ';log' : ''})+ets(${ets(fit.spec)})`,
    periods: d.periods,
    log: d.log,
    spec: fit.spec,
    smoothing: fit.smoothing,
    state: run.final,
    sigma2: d.sigma2,
    calibration: 1,
    residuals: placed(n, d.etsFrom, run.residuals),
    nobs: run.nobs,
    aicc: fit.aicc,
    selection: d.selection,
    fit,
    seasonalAhead: (steps) => seasonalAhead(d.seasonals, d.periods, n, steps),
    forecastsFrom: (series, origins, steps) => decomposedForecastsFrom(d, series, origins, steps),
    warmStart: { spec: fit.spec, season: 1, smoothing: { ...fit.smoothing }, sigma2: d.sigma2, method: { kind: 'mstl', periods: d.periods, log: d.log } },
  };
}
