/**
 * The fitting half of forecastSeries: level shift → fit window → period → model selection → filtered
 * state. Kept separate so that callers (and tests) can forecast from the fitted state themselves.
 */
import { ForecastDataError } from './errors.js';
import type { EtsFit } from './ets-fit.js';
import { etsRun, type EtsRun } from './ets-filter.js';
import { residualVariance, type ModelChoice } from './ets-model.js';
import { minObservations, selectModel, viableSpecs, type Selection } from './ets-select.js';
import { detectLevelShifts } from './level-shift.js';
import { chooseSeason, inferSeason, minPointsForSeason, sampleSpacing, type SeasonChoice } from './season.js';
import { toFloat64 } from './stats.js';
import type { ForecastInput, LevelShiftInfo } from './types.js';

/** Observations a segment after a level shift needs before the model is fitted on it alone. */
const MIN_SEGMENT = 10;
/** Block-mean history for choosing the structure of long-period models, in periods. */
const AGGREGATED_PERIODS = 7;

export type SeriesFit = {
  y: Float64Array;
  stepMs: number | null;
  /** First index of the fitted window. */
  from: number;
  levelShift: LevelShiftInfo | null;
  seasonChoice: SeasonChoice;
  selection: Selection;
  fit: EtsFit;
  /** The fitted model run over the window: residuals and the state after the last sample. */
  run: EtsRun;
  sigma2: number;
};

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

function lastShift(y: Float64Array, input: ForecastInput, period: number): LevelShiftInfo | null {
  if (input.detectLevelShifts === false) return null;
  const last = detectLevelShifts(y, { season: period }).at(-1);
  if (!last || countObserved(y, last.index) < MIN_SEGMENT) return null;
  return { at: last.index, timestamp: input.timestamps?.[last.index] ?? null, size: last.size };
}

/** Why no model of the requested kind can be fitted, in words a CLI user can act on. */
function noModel(choice: ModelChoice, season: SeasonChoice, window: Float64Array, nobs: number): ForecastDataError {
  const seasonalModel = choice === 'hw-add' || choice === 'hw-mul';
  if (seasonalModel && season.season === 1 && !season.dropped) {
    return new ForecastDataError(`model ${choice} needs a seasonal period: give a season, or timestamps to infer it from`);
  }
  if (seasonalModel && season.dropped && season.requested !== null) {
    return new ForecastDataError(`too few points for model ${choice}: ${nobs} observations (season ${season.requested} needs at least ${minPointsForSeason(season.requested)})`);
  }
  if (choice === 'hw-mul' && window.some((v) => v <= 0)) return new ForecastDataError('model hw-mul needs strictly positive values');
  const least = choice === 'auto' ? minObservations('ses') : minObservations(choice);
  return new ForecastDataError(`too few points for model ${choice}: ${nobs} observations (needs at least ${least})`);
}

export function fitSeries(input: ForecastInput): SeriesFit {
  validate(input);
  const y = toFloat64(input.values);
  const n = y.length;
  const stepMs = input.timestamps ? sampleSpacing(input.timestamps) : null;
  const levelShift = lastShift(y, input, input.season ?? inferSeason({ stepMs, observations: countObserved(y) }));
  const start = levelShift?.at ?? 0;
  const candidate = input.season ?? inferSeason({ stepMs, observations: countObserved(y, start) });
  const maxFit = input.maxFitPoints ?? Math.max(1000, 4 * candidate);
  // Leading gaps carry nothing and would leave the initial states undefined: start at an observation.
  let from = Math.max(start, n - maxFit);
  while (from < n - 1 && y[from] !== y[from]) from++;
  const window = y.subarray(from);
  const nobs = countObserved(window);
  const seasonChoice = chooseSeason({ season: candidate, stepMs, observations: nobs });
  const m = seasonChoice.season;
  const choice = input.model ?? 'auto';
  if (viableSpecs(window, m, choice).length === 0) throw noModel(choice, seasonChoice, window, nobs);
  const history = m > 1 ? y.subarray(Math.max(start, n - Math.max(maxFit, AGGREGATED_PERIODS * m))) : window;
  const selection = selectModel({ y: window, m, choice, warm: input.warmStart, aggregatedHistory: history });
  if (selection === null) throw new ForecastDataError(`no model could be fitted to ${nobs} observations`);
  const { fit } = selection;
  const run = etsRun(window, fit.spec, fit.smoothing, fit.init);
  const sigma2 = residualVariance(run.sse, run.nobs, fit.spec, fit.m);
  return { y, stepMs, from, levelShift, seasonChoice, selection, fit, run, sigma2 };
}
