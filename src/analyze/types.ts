/** Public types of the forecasting engine. Everything here is plain JSON-serialisable data. */
import type { EtsSpec, ModelChoice } from './ets-model.js';
import type { Strategy, WarmStart } from './ets-select.js';
import type { ThresholdDirection, ThresholdForecast } from './threshold.js';

export type ForecastInput = {
  /** Observations, oldest first; null (or NaN) is a missing sample: skipped, never zero or interpolated. */
  values: ArrayLike<number | null>;
  /** Epoch milliseconds per value, evenly spaced. Enables period inference and timestamped output. */
  timestamps?: ArrayLike<number>;
  /**
   * Seasonal period in samples, forcing one (1: none). When neither this nor `seasons` is given, the
   * periods are detected from the spacing and the autocorrelation (season-detect.ts). A period the
   * fitted data cannot support (two full cycles) is dropped.
   */
  season?: number;
  /** Several seasonal periods in samples (e.g. [48, 336] for days and weeks of half-hours). */
  seasons?: number[];
  /** Steps to forecast. */
  horizon: number;
  model?: ModelChoice;
  threshold?: number;
  thresholdDirection?: ThresholdDirection;
  /**
   * How far ahead time to threshold looks, in ms, whatever the horizon: default one year (as Zabbix's
   * timeleft), at most MAX_THRESHOLD_STEPS steps. Needs timestamps; without them the horizon is searched.
   */
  thresholdLimitMs?: number;
  /** A previous fit of the same series (ForecastResult.warmStart): skips the model search. */
  warmStart?: WarmStart;
  /** Default true: fit only after the last detected level shift. */
  detectLevelShifts?: boolean;
  /** Longest stretch (most recent samples) the parameters are fitted on. Default max(1000, 4 × period), 8 × the longest of several. */
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
  /**
   * The method: an ETS family name for ETS on the series ("hw-add", "damped", …), "snaive(336)" for
   * seasonal naive, "mstl(48,336)+ets(A,Ad,N)" for MSTL + ETS (";log" inside the brackets when on
   * logs), "mean(a,b)" for the mean of two.
   */
  model: string;
  /** The fitted ETS part in ETS(error, trend, season) notation, e.g. "ETS(M,Ad,M)" (seasonal naive is ETS(A,N,A) with α = 0, γ = 1). */
  ets: string;
  spec: EtsSpec;
  params: ForecastParams;
  /** AICc of the ETS part; NaN for seasonal naive (no likelihood fit). Not comparable across methods. */
  aicc: number;
  /** Longest period used (1 when none, or when the data could not support the one asked for). */
  season: number;
  /** Every period used, ascending. */
  seasons: number[];
  seasonDropped: boolean;
  /** Variance of one-step residuals of the ETS part (relative residuals for multiplicative errors). */
  sigma2: number;
  intervals: 'analytic' | 'simulated';
  /** Index range [from, to) of the values the parameters were fitted on. */
  fitted: { from: number; to: number; observations: number };
  selection: {
    strategy: Strategy;
    candidates: number;
    /** The tail validation that chose the method: each candidate's mean absolute error; absent when none ran. */
    validation?: { origins: number; steps: number; scores: Array<{ method: string; mae: number }> };
  };
  forecast: ForecastPoint[];
  threshold?: ThresholdForecast;
  /** Indices of in-sample points outside the 99% one-step-ahead band. */
  anomalies: number[];
  /** The last level shift, after which the model was fitted; null when there was none. */
  levelShift: LevelShiftInfo | null;
  /** Feed back as ForecastInput.warmStart next time (or keep it in a FitCache). */
  warmStart: WarmStart;
};
