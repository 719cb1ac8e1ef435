/**
 * forecastSeries: the engine's entry point. Level shift → fit window → period → model selection →
 * forecast band → time to threshold and anomalies.
 */
import { ForecastDataError } from './errors.js';
import { etsRun } from './ets-filter.js';
import { forecastBand, hasAnalyticIntervals } from './ets-intervals.js';
import { etsLabel, modelNameOf, parameterCount } from './ets-model.js';
import { selectModel, viableSpecs } from './ets-select.js';
import { detectLevelShifts } from './level-shift.js';
import { chooseSeason, inferSeason, sampleSpacing } from './season.js';
import { normalQuantile, toFloat64 } from './stats.js';
import { timeToThreshold } from './threshold.js';
import type { ForecastInput, ForecastPoint, ForecastResult, LevelShiftInfo } from './types.js';

const Z99 = normalQuantile(0.995);
/** Observations a segment after a level shift needs before the model is fitted on it alone. */
const MIN_SEGMENT = 10;
/** Block-mean history for choosing the structure of long-period models, in periods. */
const AGGREGATED_PERIODS = 7;

function countObserved(y: Float64Array, from = 0, to = y.length): number {
  let c = 0;
  for (let i = from; i < to; i++) if (y[i] === y[i]) c++;
  return c;
}

function validate(input: ForecastInput): void {
  if (!Number.isInteger(input.horizon) || input.horizon < 1) throw new ForecastDataError(`horizon must be a positive integer, got ${input.horizon}`);
  if (input.timestamps && input.timestamps.length !== input.values.length) {
    throw new ForecastDataError(`timestamps (${input.timestamps.length}) and values (${input.values.length}) differ in length`);
  }
  if (input.season !== undefined && !(Number.isInteger(input.season) && input.season >= 1)) {
    throw new ForecastDataError(`season must be a positive integer, got ${input.season}`);
  }
}

export function forecastSeries(input: ForecastInput): ForecastResult {
  validate(input);
  const y = toFloat64(input.values);
  const n = y.length;
  const stepMs = input.timestamps ? sampleSpacing(input.timestamps) : null;
  const lastTs = input.timestamps && n > 0 ? (input.timestamps[n - 1] as number) : null;
  const timestampOf = (steps: number): number | null => (lastTs !== null && stepMs !== null ? lastTs + steps * stepMs : null);
  const periodHint = input.season ?? inferSeason({ stepMs, observations: countObserved(y) });

  let start = 0;
  let levelShift: LevelShiftInfo | null = null;
  if (input.detectLevelShifts !== false) {
    const shifts = detectLevelShifts(y, { season: periodHint });
    const last = shifts.at(-1);
    if (last && countObserved(y, last.index) >= MIN_SEGMENT) {
      start = last.index;
      levelShift = { at: last.index, timestamp: input.timestamps?.[last.index] ?? null, size: last.size };
    }
  }
  const segmentObs = countObserved(y, start);
  const candidate = input.season ?? inferSeason({ stepMs, observations: segmentObs });
  const maxFit = input.maxFitPoints ?? Math.max(1000, 4 * candidate);
  const from = Math.max(start, n - maxFit);
  const window = y.subarray(from);
  const nobs = countObserved(window);
  const seasonChoice = chooseSeason({ season: candidate, stepMs, observations: nobs });
  const m = seasonChoice.season;
  const choice = input.model ?? 'auto';
  if (viableSpecs(window, m, choice).length === 0) {
    throw new ForecastDataError(`too few points for model ${choice}: ${nobs} observations${m > 1 ? ` with season ${m}` : ''}`);
  }
  const history = m > 1 ? y.subarray(Math.max(start, n - Math.max(maxFit, AGGREGATED_PERIODS * m))) : window;
  const selection = selectModel({ y: window, m, choice, warm: input.warmStart, aggregatedHistory: history });
  if (selection === null) throw new ForecastDataError(`no model could be fitted to ${nobs} observations`);
  const { fit } = selection;
  const run = etsRun(window, fit.spec, fit.smoothing, fit.init);
  const npar = parameterCount(fit.spec, fit.m);
  const sigma2 = run.sse / Math.max(run.nobs - npar, 1);
  const band = forecastBand({ spec: fit.spec, p: fit.smoothing, state: run.final, horizon: input.horizon, sigma2, paths: input.paths, seed: input.seed });

  const forecast: ForecastPoint[] = [];
  for (let h = 0; h < input.horizon; h++) {
    forecast.push({
      step: h + 1,
      timestamp: timestampOf(h + 1),
      mean: band.mean[h] as number,
      lo80: band.lo80[h] as number,
      hi80: band.hi80[h] as number,
      lo95: band.lo95[h] as number,
      hi95: band.hi95[h] as number,
    });
  }
  const limit = Z99 * Math.sqrt(sigma2);
  const anomalies: number[] = [];
  for (let i = 0; i < run.residuals.length; i++) if (Math.abs(run.residuals[i] as number) > limit) anomalies.push(from + i);
  const { alpha, beta, gamma, phi } = fit.smoothing;
  const result: ForecastResult = {
    model: modelNameOf(fit.spec),
    ets: etsLabel(fit.spec),
    spec: fit.spec,
    params: {
      alpha,
      beta: fit.spec.trend === 'N' ? null : beta,
      gamma: fit.spec.season === 'N' ? null : gamma,
      phi: fit.spec.trend === 'Ad' ? phi : null,
    },
    aicc: fit.aicc,
    season: m,
    seasonDropped: seasonChoice.dropped,
    sigma2,
    intervals: hasAnalyticIntervals(fit.spec) ? 'analytic' : 'simulated',
    fitted: { from, to: n, observations: run.nobs },
    selection: { strategy: selection.strategy, candidates: selection.candidates },
    forecast,
    anomalies,
    levelShift,
    warmStart: { spec: fit.spec, season: m, smoothing: fit.smoothing },
  };
  if (input.threshold !== undefined) {
    result.threshold = timeToThreshold({
      band,
      value: input.threshold,
      direction: input.thresholdDirection,
      currentLevel: band.mean[0] as number,
      timestampOf,
    });
  }
  return result;
}
