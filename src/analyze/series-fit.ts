/**
 * The fitting half of forecastSeries: seasonal periods (named, cached, or detected) → level shift →
 * fit window → the periods the window supports → method selection. Kept separate so that callers (and
 * tests) can forecast from the fitted models themselves.
 */
import { ForecastDataError } from './errors.js';
import type { ModelChoice } from './ets-model.js';
import { minObservations, viableSpecs, type WarmStart } from './ets-select.js';
import type { FittedModel } from './fitted-model.js';
import { detectLevelShifts } from './level-shift.js';
import { selectMethod, type MethodSelection } from './method-select.js';
import { minPointsForSeason, primaryPeriod, sampleSpacing, WEEK } from './season.js';
import { detectSeasons } from './season-detect.js';
import { toFloat64 } from './stats.js';
import type { ForecastInput, LevelShiftInfo } from './types.js';

/** Observations a segment after a level shift needs before the model is fitted on it alone. */
const MIN_SEGMENT = 10;
/** Block-mean history for choosing the structure of long-period models, in periods. */
const AGGREGATED_PERIODS = 7;
/** Cycles of the longest period a multi-seasonal fit looks back over by default (MSTL smooths each phase across cycles). */
const MULTI_SEASON_CYCLES = 16;

export type SeasonChoice = {
  /** The longest period used (1 when none). */
  season: number;
  /** Every period used, ascending (empty when none). */
  seasons: number[];
  /** The periods the caller named, if any. */
  requested: number[] | null;
  /** A named (or the calendar's primary) period was dropped: too little data for two cycles of it. */
  dropped: boolean;
};

export type SeriesFit = {
  y: Float64Array;
  stepMs: number | null;
  /** First index of the fitted window. */
  from: number;
  levelShift: LevelShiftInfo | null;
  seasonChoice: SeasonChoice;
  method: MethodSelection;
  /** The method's first (usually only) model: its ETS part, state and residuals. */
  model: FittedModel;
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
  for (const s of input.seasons ?? []) {
    if (!(Number.isInteger(s) && s >= 2)) throw new ForecastDataError(`seasons must be integers of at least 2, got ${s}`);
  }
  const limit = input.thresholdLimitMs;
  if (limit !== undefined && !(Number.isFinite(limit) && limit > 0)) throw new ForecastDataError(`thresholdLimitMs must be a positive number, got ${limit}`);
}

/** Periods the caller named: `seasons`, or one `season` (1 meaning none); null when the data decides. */
function requestedPeriods(input: ForecastInput): number[] | null {
  if (input.seasons && input.seasons.length > 0) return [...new Set(input.seasons)].sort((a, b) => a - b);
  if (input.season !== undefined) return input.season > 1 ? [input.season] : [];
  return null;
}

/** The periods a cached fit used: its method's, or (entries from before methods) its one season. */
function warmPeriods(warm: WarmStart): number[] {
  return warm.method?.periods ?? (warm.season > 1 ? [warm.season] : []);
}

function lastShift(y: Float64Array, input: ForecastInput, periods: number[]): LevelShiftInfo | null {
  if (input.detectLevelShifts === false) return null;
  const last = detectLevelShifts(y, { seasons: periods }).at(-1);
  if (!last || countObserved(y, last.index) < MIN_SEGMENT) return null;
  return { at: last.index, timestamp: input.timestamps?.[last.index] ?? null, size: last.size };
}

/** Why no model of the requested kind can be fitted, in words a CLI user can act on. */
function noModel(choice: ModelChoice, season: SeasonChoice, window: Float64Array, nobs: number): ForecastDataError {
  const seasonalModel = choice === 'hw-add' || choice === 'hw-mul';
  const named = season.requested?.[0];
  if (seasonalModel && season.seasons.length === 0 && !season.dropped) {
    return new ForecastDataError(`model ${choice} needs a seasonal period: give a season, or timestamps to infer it from`);
  }
  if (seasonalModel && season.dropped && named !== undefined) {
    return new ForecastDataError(`too few points for model ${choice}: ${nobs} observations (season ${named} needs at least ${minPointsForSeason(named)})`);
  }
  if (choice === 'hw-mul' && window.some((v) => v <= 0)) return new ForecastDataError('model hw-mul needs strictly positive values');
  const least = choice === 'auto' ? minObservations('ses') : minObservations(choice);
  return new ForecastDataError(`too few points for model ${choice}: ${nobs} observations (needs at least ${least})`);
}

/** Default fit window: 4 cycles of one period (at least 1,000 values), 8 of the longest of several. */
function defaultWindow(periods: number[]): number {
  const longest = periods.at(-1) ?? 1;
  return Math.max(1000, (periods.length > 1 ? MULTI_SEASON_CYCLES : 4) * longest);
}

export function fitSeries(input: ForecastInput): SeriesFit {
  validate(input);
  const y = toFloat64(input.values);
  const n = y.length;
  const stepMs = input.timestamps ? sampleSpacing(input.timestamps) : null;
  const requested = requestedPeriods(input);
  const warm = input.warmStart;
  // Detection looks at the recent history only: a season that showed months ago is no guide now.
  const recent = y.subarray(Math.max(0, n - (input.maxFitPoints ?? MULTI_SEASON_CYCLES * 2 * (stepMs ? Math.round(WEEK / stepMs) : 1))));
  const proposed = requested ?? (warm ? warmPeriods(warm) : detectSeasons(recent, stepMs));
  const levelShift = lastShift(y, input, proposed);
  const start = levelShift?.at ?? 0;
  const maxFit = input.maxFitPoints ?? defaultWindow(proposed);
  // Leading gaps carry nothing and would leave the initial states undefined: start at an observation.
  let from = Math.max(start, n - maxFit);
  while (from < n - 1 && y[from] !== y[from]) from++;
  const window = y.subarray(from);
  const nobs = countObserved(window);
  const supported = (p: number): boolean => window.length >= 2 * p && nobs >= minPointsForSeason(p);
  const choice = input.model ?? 'auto';
  // A named ETS model has one season: the shortest of those named or found.
  const periods = proposed.filter(supported).slice(0, choice === 'auto' ? undefined : 1);
  const primary = requested === null && stepMs !== null ? primaryPeriod(stepMs) : null;
  const dropped = proposed.some((p) => !supported(p)) || (requested === null && !warm && primary !== null && primary > 1 && !supported(primary));
  const seasonChoice: SeasonChoice = { season: periods.at(-1) ?? 1, seasons: periods, requested, dropped };
  if (viableSpecs(window, periods[0] ?? 1, choice).length === 0) throw noModel(choice, seasonChoice, window, nobs);
  const m = periods[0] ?? 1;
  const history = periods.length === 1 && m > 1 ? y.subarray(Math.max(start, n - Math.max(maxFit, AGGREGATED_PERIODS * m))) : window;
  const method = selectMethod({ y: window, periods, choice, horizon: input.horizon, warm, aggregatedHistory: history });
  if (method === null) throw new ForecastDataError(`no model could be fitted to ${nobs} observations`);
  return { y, stepMs, from, levelShift, seasonChoice, method, model: method.members[0] as FittedModel };
}
