/**
 * Which method forecasts a series. Without a season: the ETS family by AICc (ets-select.ts). With one
 * season m: ETS with period m against seasonal naive. With several: MSTL + ETS (on values and, for
 * positive data, on their logs) against seasonal naive for each period. Candidates are compared by the
 * tail validation (tail-validation.ts), so the choice is never worse there than seasonal naive; where
 * the mean of the best two does better still, the forecast is that mean (combinations of simple methods
 * won the M4 competition). A cached fit (warm start) names its method, which is refitted cheaply instead.
 */
import { allPositive, fitDecomposed } from './decomposed-fit.js';
import { decomposedModel, etsModel, snaiveModel, type FittedModel } from './fitted-model.js';
import type { ModelChoice } from './ets-model.js';
import { fromWarmStart, selectModel, type Strategy, type WarmStart } from './ets-select.js';
import { calibrationFrom } from './band-calibration.js';
import { meanForecasts, significantlyBetter, validationError, validationPlan, type ValidationPlan } from './tail-validation.js';

export type ValidationScore = { method: string; mae: number };

export type MethodSelection = {
  /** One model, or the two whose mean is the forecast. */
  members: FittedModel[];
  label: string;
  strategy: Strategy;
  /** Models fitted to choose (ETS fits of the searches plus the other candidates). */
  candidates: number;
  /** The tail validation that chose it: origins, steps per origin and each candidate's error; null if none ran. */
  validation: { origins: number; steps: number; scores: ValidationScore[] } | null;
  warmStart: WarmStart;
};

export type SelectInput = {
  /** The fitted window (NaN = missing). */
  y: Float64Array;
  /** Seasonal periods the window supports, ascending; empty for none. */
  periods: number[];
  choice: ModelChoice;
  horizon: number;
  warm?: WarmStart;
  /** Longer history for choosing the structure of long-period ETS models on block means. */
  aggregatedHistory?: Float64Array;
};

/** A mean is preferred over its better member only when it validates at least this much better. */
const COMBINATION_GAIN = 0.98;
/**
 * Standard errors by which another candidate must beat the first one (the model the likelihood chose;
 * MSTL + ETS with several seasons) on the validation window to replace it: one-sided 90%.
 */
const SWITCH_Z = 1.28;

function single(model: FittedModel, strategy: Strategy, candidates: number, validation: MethodSelection['validation'] = null): MethodSelection {
  return { members: [model], label: model.label, strategy, candidates, validation, warmStart: model.warmStart };
}

function calibrate(model: FittedModel, factor: number): FittedModel {
  model.calibration = factor;
  model.warmStart.calibration = factor;
  return model;
}

/** Validation origins for n values: the horizon, two cycles of the longest period, out of the later half at most. */
function planFor(n: number, horizon: number, longest: number): ValidationPlan | null {
  return validationPlan({ n, horizon, longest, minTrain: Math.max(2 * longest, Math.ceil(n / 2)) });
}

/** A model's band calibration from its own forecasts at the plan's origins. */
function calibrated(model: FittedModel, y: Float64Array, plan: ValidationPlan | null, forecasts?: Float64Array[]): FittedModel {
  if (plan === null) return model;
  return calibrate(model, calibrationFrom(model, y, plan, forecasts ?? model.forecastsFrom(y, plan.origins, plan.steps)));
}

function etsOnly(input: SelectInput, m: number, warm?: WarmStart): MethodSelection | null {
  const selection = selectModel({ y: input.y, m, choice: input.choice, warm, aggregatedHistory: input.aggregatedHistory });
  if (selection === null) return null;
  const model = etsModel(input.y, selection, m);
  if (fromWarmStart(selection.strategy)) {
    calibrate(model, warm?.calibration ?? 1);
    // Reused parameters keep the variance they were fitted with as the yardstick: measured against each
    // report's own variance instead, a fit could degrade a little at a time and never be refined.
    if (selection.strategy === 'reused' && warm?.sigma2 !== undefined) model.warmStart.sigma2 = warm.sigma2;
  } else {
    calibrated(model, input.y, planFor(input.y.length, input.horizon, m));
  }
  return single(model, selection.strategy, selection.candidates);
}

/** One cached model refitted on the new window; null when it no longer fits (the caller searches again). */
function fromWarm(input: SelectInput, warm: WarmStart): { model: FittedModel; strategy: Strategy } | null {
  const method = warm.method ?? { kind: 'ets', periods: warm.season > 1 ? [warm.season] : [] };
  if (!method.periods.every((p) => input.periods.includes(p))) return null;
  if (method.kind === 'snaive') return { model: calibrate(snaiveModel(input.y, method.periods[0] as number), warm.calibration ?? 1), strategy: 'reused' };
  if (method.kind === 'mstl') {
    const d = fitDecomposed({ y: input.y, periods: method.periods, log: method.log === true && allPositive(input.y), warm: { ...warm, season: 1 } });
    if (d === null || !fromWarmStart(d.selection.strategy)) return null;
    const model = calibrate(decomposedModel(input.y, d), warm.calibration ?? 1);
    if (d.selection.strategy === 'reused' && warm.sigma2 !== undefined) model.warmStart.sigma2 = warm.sigma2;
    return { model, strategy: d.selection.strategy };
  }
  const m = method.periods[0] ?? 1;
  if (input.periods.length > 1 || (input.periods[0] ?? 1) !== m) return null;
  const s = etsOnly(input, m, warm);
  if (s === null || !fromWarmStart(s.strategy)) return null;
  return { model: s.members[0] as FittedModel, strategy: s.strategy };
}

function warmSelection(input: SelectInput, warm: WarmStart): MethodSelection | null {
  if (warm.method?.kind !== 'mean') {
    const r = fromWarm(input, warm);
    return r && single(r.model, r.strategy, 1);
  }
  const parts = (warm.members ?? []).map((w) => fromWarm(input, w));
  if (parts.length !== 2 || parts.some((p) => p === null)) return null;
  const members = parts.map((p) => (p as { model: FittedModel }).model);
  const strategy: Strategy = parts.every((p) => p?.strategy === 'reused') ? 'reused' : 'warm';
  return combined(members, strategy, 2, null);
}

function combined(members: FittedModel[], strategy: Strategy, candidates: number, validation: MethodSelection['validation']): MethodSelection {
  const [a, b] = members as [FittedModel, FittedModel];
  const periods = [...new Set([...a.periods, ...b.periods])].sort((x, y) => x - y);
  const warmStart: WarmStart = { ...a.warmStart, method: { kind: 'mean', periods }, members: [a.warmStart, b.warmStart] };
  return { members, label: `mean(${a.label},${b.label})`, strategy, candidates, validation, warmStart };
}

function candidatesFor(input: SelectInput): { models: FittedModel[]; fits: number } {
  const { y, periods } = input;
  const models: FittedModel[] = [];
  let fits = 0;
  if (periods.length === 1) {
    const m = periods[0] as number;
    const sel = selectModel({ y, m, choice: 'auto', aggregatedHistory: input.aggregatedHistory });
    if (sel) {
      models.push(etsModel(y, sel, m));
      fits += sel.candidates;
    }
  } else {
    for (const log of allPositive(y) ? [false, true] : [false]) {
      const d = fitDecomposed({ y, periods, log, minEtsPoints: 3 * Math.max(input.horizon, periods.at(-1) as number) });
      if (d === null) continue;
      models.push(decomposedModel(y, d));
      fits += d.selection.candidates;
    }
  }
  for (const m of periods) models.push(snaiveModel(y, m));
  return { models, fits: fits + periods.length };
}

export function selectMethod(input: SelectInput): MethodSelection | null {
  const { y, periods, choice, warm } = input;
  if (choice !== 'auto' || periods.length === 0) return etsOnly(input, periods[0] ?? 1, warm);
  if (warm) {
    const reused = warmSelection(input, warm);
    if (reused) return reused;
  }
  const { models, fits } = candidatesFor(input);
  const incumbent = models[0];
  if (incumbent === undefined) return null;
  const plan = planFor(y.length, input.horizon, periods.at(-1) as number);
  if (plan === null) return single(incumbent, 'validated', fits);
  const forecasts = models.map((m) => m.forecastsFrom(y, plan.origins, plan.steps));
  const scores = models.map((m, i) => ({ method: m.label, mae: validationError(y, plan, forecasts[i] as Float64Array[]) }));
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a]?.mae as number) - (scores[b]?.mae as number));
  const i1 = order[0] as number;
  // Means of two model-based forecasts only: averaging a fitted model with seasonal naive blurs what
  // the model learned (on co2 it doubled the error of the model alone).
  const i2 = models[i1]?.kind === 'snaive' ? undefined : order.find((i) => i !== i1 && models[i]?.kind !== 'snaive');
  const validation = { origins: plan.origins.length, steps: plan.steps, scores };
  const pick = (i: number): FittedModel => calibrated(models[i] as FittedModel, y, plan, forecasts[i]);
  // The challenger: the best candidate, or the mean of the best two where that validates better still.
  let challenger = { indices: [i1], forecasts: forecasts[i1] as Float64Array[] };
  if (i2 !== undefined) {
    const both = meanForecasts(forecasts[i1] as Float64Array[], forecasts[i2] as Float64Array[]);
    const mae = validationError(y, plan, both);
    scores.push({ method: `mean(${models[i1]?.label},${models[i2]?.label})`, mae });
    if (mae < COMBINATION_GAIN * (scores[i1]?.mae as number)) challenger = { indices: [i1, i2], forecasts: both };
  }
  const replaces =
    challenger.indices.length > 1 || i1 !== 0 ? significantlyBetter(y, plan, challenger.forecasts, forecasts[0] as Float64Array[], SWITCH_Z) : true;
  if (!replaces) return single(pick(0), 'validated', fits, validation);
  if (challenger.indices.length === 1) return single(pick(i1), 'validated', fits, validation);
  return combined(challenger.indices.map(pick), 'validated', fits, validation);
}
