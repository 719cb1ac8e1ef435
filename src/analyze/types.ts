/** Public types of the forecasting engine. Everything here is plain JSON-serialisable data. */
import type { EtsSpec, ModelChoice, ModelName } from './ets-model.js';
import type { Strategy, WarmStart } from './ets-select.js';
import type { ThresholdDirection, ThresholdForecast } from './threshold.js';

export type ForecastInput = {
  /** Observations, oldest first; null (or NaN) is a missing sample: skipped, never zero or interpolated. */
  values: ArrayLike<number | null>;
  /** Epoch milliseconds per value, evenly spaced. Enables period inference and timestamped output. */
  timestamps?: ArrayLike<number>;
  /** Seasonal period in samples; inferred from the spacing when omitted, dropped when the data is too short. */
  season?: number;
  /** Steps to forecast. */
  horizon: number;
  model?: ModelChoice;
  threshold?: number;
  thresholdDirection?: ThresholdDirection;
  /** A previous fit of the same series (ForecastResult.warmStart): skips the model search. */
  warmStart?: WarmStart;
  /** Default true: fit only after the last detected level shift. */
  detectLevelShifts?: boolean;
  /** Longest stretch (most recent samples) the parameters are fitted on. Default max(1000, 4 × period). */
  maxFitPoints?: number;
  /** Sample paths for simulated intervals (multiplicative models). Default 1000, down to 200 for long horizons. */
  paths?: number;
  /** PRNG seed for simulated intervals; results are deterministic for a given seed. */
  seed?: number;
};

export type ForecastParams = { alpha: number; beta: number | null; gamma: number | null; phi: number | null };

export type ForecastPoint = {
  /** Steps ahead of the last sample, from 1. */
  step: number;
  timestamp: number | null;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
};

export type LevelShiftInfo = { at: number; timestamp: number | null; size: number };

export type ForecastResult = {
  model: ModelName;
  /** The fitted form in ETS(error, trend, season) notation, e.g. "ETS(M,Ad,M)". */
  ets: string;
  spec: EtsSpec;
  params: ForecastParams;
  aicc: number;
  /** Period used (1 when none, or when the data could not support the one asked for). */
  season: number;
  seasonDropped: boolean;
  /** Variance of one-step residuals (relative residuals for multiplicative errors). */
  sigma2: number;
  intervals: 'analytic' | 'simulated';
  /** Index range [from, to) of the values the parameters were fitted on. */
  fitted: { from: number; to: number; observations: number };
  selection: { strategy: Strategy; candidates: number };
  forecast: ForecastPoint[];
  threshold?: ThresholdForecast;
  /** Indices of in-sample points outside the 99% one-step-ahead band. */
  anomalies: number[];
  /** The last level shift, after which the model was fitted; null when there was none. */
  levelShift: LevelShiftInfo | null;
  /** Feed back as ForecastInput.warmStart next time (or keep it in a FitCache). */
  warmStart: WarmStart;
};
