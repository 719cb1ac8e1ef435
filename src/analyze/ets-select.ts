/**
 * Automatic model selection by AICc across the ETS family, as forecast::ets does, with three budgets:
 * - exact: short series with periods up to 12 (the R regime): initial states optimised, tight tolerance;
 * - fast: long series: decomposition initial states, smoothing parameters optimised, looser tolerance;
 * - periods above 24 (e.g. 288 for 5-minute data): the structure is chosen on block means (period
 *   m/k ≤ 24), then that model is refitted at full resolution from the coarse parameters.
 *   Besides being 15 fits on a twelfth of the points, this selects better: at 5-minute resolution a
 *   daily cycle is so smooth that one-step errors (all the likelihood sees) favour a non-seasonal
 *   high-α model over a seasonal one carrying 287 initial states, and that model forecasts the day
 *   ahead badly. On block means the cycle is visible to the criterion (see ets-aggregated.test.ts).
 * A warm start (previous fit of the same series) skips the search: its parameters are reused while the
 * residual variance stays within REUSE_TOLERANCE of the previous fit's, else refined from there, and
 * if even the refined fit is far worse than the previous one, the full search runs.
 */
import { evaluateEts, fitEts, type EtsFit, type FitBudget } from './ets-fit.js';
import type { Smoothing } from './ets-filter.js';
import { candidateSpecs, parameterCount, type EtsSpec, type ModelChoice } from './ets-model.js';

export const BUDGETS = {
  // forecast::ets stops at 2,000 evaluations without restarts; this still reaches R's likelihood or
  // better on the R datasets (forecast-series.test.ts), at 20% less than 6,000 with three restarts.
  exact: { maxEvals: 3000, relTol: 1e-8, absTol: 0, restarts: 2, stepU: 0.1 },
  fast: { maxEvals: 400, relTol: 1e-7, absTol: 1e-3, restarts: 1, stepU: 0.1 },
  /** Full-resolution refit of the structure chosen on block means, from mapped coarse parameters. */
  refine: { maxEvals: 200, relTol: 1e-7, absTol: 1e-2, restarts: 1, stepU: 0.05 },
  /** Structure search on block means: only the ranking matters, 0.01 in -2 log L is far below AICc noise. */
  coarse: { maxEvals: 200, relTol: 1e-6, absTol: 5e-2, restarts: 0, stepU: 0.1, admissibleRoots: false },
  warm: { maxEvals: 20, relTol: 1e-6, absTol: 1e-2, restarts: 0, stepU: 0.02 },
} satisfies Record<string, FitBudget>;

/**
 * Largest fit that still optimises the initial states (R's way): there the start matters most and the
 * cost (a simplex of up to 17 dimensions, thousands of evaluations per model) is affordable. Beyond it
 * the decomposition start is as good on the R datasets and the effect of the start fades anyway;
 * periods above 12 would put 20+ states into the simplex.
 */
const EXACT_MAX_POINTS = 250;
const EXACT_MAX_PERIOD = 12;
/** forecast::ets's largest period; above it the structure is chosen on block means. */
const MAX_DIRECT_PERIOD = 24;

/** The forecasting methods a fit can be: ETS on the series, seasonal naive, MSTL + ETS, or the mean of two. */
export type MethodKind = 'ets' | 'snaive' | 'mstl';
export type WarmMethod = { kind: MethodKind | 'mean'; periods: number[]; log?: boolean };

/**
 * A previous fit of the series: its model, parameters and one-step residual variance. `method` names
 * what the ETS part belongs to (absent on entries cached before there was more than ETS: ETS then),
 * and a mean of two methods keeps both fits in `members`.
 */
export type WarmStart = {
  spec: EtsSpec;
  season: number;
  smoothing: Smoothing;
  sigma2?: number;
  method?: WarmMethod;
  members?: WarmStart[];
  /** Band variance multiplier the last full search measured (band-calibration.ts). */
  calibration?: number;
};

/**
 * How the model was found: a search over the ETS family (exact, fast, aggregated), a search over
 * methods compared by tail validation (validated, see method-select.ts), or from a warm start
 * (refined, or reused as is).
 */
export type Strategy = 'exact' | 'fast' | 'aggregated' | 'validated' | 'warm' | 'reused';
export type Selection = { fit: EtsFit; candidates: number; strategy: Strategy };

/**
 * Residual variance growth up to which a warm start's parameters are reused without refitting. With
 * a few hundred new points the variance estimate itself moves by several percent; near the optimum
 * the likelihood is flat, so parameters that still give residuals this small lose next to nothing.
 */
const REUSE_TOLERANCE = 1.1;

/** Residual variance growth, after refining, at which the full search runs again at once. */
const RESEARCH_GROWTH = 1.5;

export const fromWarmStart = (s: Strategy): boolean => s === 'warm' || s === 'reused';

function observed(y: Float64Array): { nobs: number; positive: boolean } {
  let nobs = 0;
  let positive = true;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (v !== v) continue;
    nobs++;
    if (v <= 0) positive = false;
  }
  return { nobs, positive };
}

/** forecast::ets's rule: more than npars + 4 observations. */
export function enoughData(spec: EtsSpec, m: number, nobs: number): boolean {
  return nobs > parameterCount(spec, spec.season === 'N' ? 1 : m) + 4;
}

/** Fewest observations a non-seasonal model of this name can be fitted to (seasonal ones: see season.ts). */
export function minObservations(name: 'ses' | 'holt' | 'damped' | 'hw-add' | 'hw-mul'): number {
  const trend = name === 'ses' ? 'N' : name === 'damped' ? 'Ad' : 'A';
  return parameterCount({ error: 'A', trend, season: 'N' }, 1) + 5;
}

export function viableSpecs(y: Float64Array, m: number, choice: ModelChoice): EtsSpec[] {
  const { nobs, positive } = observed(y);
  return candidateSpecs({ choice, seasonal: m > 1, positive }).filter((s) => enoughData(s, m, nobs));
}

/** Block means of k observations, aligned so that the last block ends with the last observation. */
export function blockMeans(y: Float64Array, k: number): Float64Array {
  const blocks = Math.floor(y.length / k);
  const offset = y.length - blocks * k;
  const out = new Float64Array(blocks);
  for (let j = 0; j < blocks; j++) {
    let sum = 0;
    let count = 0;
    for (let i = offset + j * k; i < offset + (j + 1) * k; i++) {
      const v = y[i] as number;
      if (v === v) {
        sum += v;
        count++;
      }
    }
    out[j] = count > 0 ? sum / count : Number.NaN;
  }
  return out;
}

/** Smallest block size k dividing m with m / k ≤ 24 and at least a 4-step period left. */
export function aggregationFactor(m: number): number | null {
  for (let k = 2; k <= m; k++) if (m % k === 0 && m / k <= MAX_DIRECT_PERIOD) return m / k >= 4 ? k : null;
  return null;
}

/**
 * Smoothing parameters of block means (k samples per block) mapped back to the sample scale, as a
 * starting point: level innovations add up over a block while noise averages out, so α scales by
 * about 1/k and β by 1/k²; seasonal states are updated once a season at both scales, so γ carries over;
 * damping compounds, φ = φ_k^(1/k).
 */
export function fineFromCoarse(p: Smoothing, k: number): Smoothing {
  return {
    alpha: Math.max(p.alpha / k, 1e-3),
    beta: Math.max(p.beta / (k * k), 1e-4),
    gamma: p.gamma,
    phi: Math.min(Math.pow(p.phi, 1 / k), 0.98),
  };
}

function best(fits: EtsFit[]): EtsFit | null {
  let winner: EtsFit | null = null;
  for (const f of fits) if (winner === null || f.aicc < winner.aicc) winner = f;
  return winner;
}

function fitAll(y: Float64Array, m: number, specs: EtsSpec[], mode: 'exact' | 'fast' | 'coarse'): EtsFit[] {
  const fits: EtsFit[] = [];
  for (const spec of specs) {
    // On block means (ranking only), the best and the latest optimum so far are extra starting points
    // (one evaluation each): the level and seasonal smoothing rarely depend much on the rest of the model.
    // Not for final fits: a good-looking start can lead into a worse basin (co2: AICc 1584 vs 1576).
    const leader = best(fits);
    const starts = mode !== 'coarse' || leader === null ? [] : [leader.smoothing, (fits.at(-1) as EtsFit).smoothing];
    fits.push(fitEts({ y, spec, m, optimizeStates: mode === 'exact', starts, budget: BUDGETS[mode] }));
  }
  return fits;
}

export function selectModel(input: {
  y: Float64Array;
  m: number;
  choice: ModelChoice;
  warm?: WarmStart;
  aggregatedHistory?: Float64Array;
  /**
   * Long series only: rank the family with the coarse budget, then refine the winner alone. For
   * MSTL's adjusted series, fitted twice per forecast (values and logs), where the full budget for
   * every model was a third of the multi-seasonal path's time.
   */
  screen?: boolean;
}): Selection | null {
  const { y, m, choice, warm } = input;
  const specs = viableSpecs(y, m, choice);
  if (specs.length === 0) return null;
  const exact = m <= EXACT_MAX_PERIOD && y.length <= EXACT_MAX_POINTS;
  const warmSpec =
    warm && warm.season === m ? specs.find((s) => s.error === warm.spec.error && s.trend === warm.spec.trend && s.season === warm.spec.season) : undefined;
  if (warm && warmSpec) {
    // The previous parameters as they are, while they fit the new data about as well as they fitted
    // the old; else refined from there. States from the decomposition either way (cheap).
    const reused = evaluateEts({ y, spec: warmSpec, m, smoothing: warm.smoothing });
    if (warm.sigma2 !== undefined && reused.sigma2 <= warm.sigma2 * REUSE_TOLERANCE) return { fit: reused.fit, candidates: 1, strategy: 'reused' };
    const fit = fitEts({ y, spec: warmSpec, m, optimizeStates: false, starts: [warm.smoothing], budget: BUDGETS.warm });
    // Still far worse than before: the series changed character, so the model may have to change too.
    const changed = warm.sigma2 !== undefined && evaluateEts({ y, spec: warmSpec, m, smoothing: fit.smoothing }).sigma2 > warm.sigma2 * RESEARCH_GROWTH;
    if (!changed) return { fit, candidates: 1, strategy: 'warm' };
  }
  const k = m > MAX_DIRECT_PERIOD ? aggregationFactor(m) : null;
  if (k === null && input.screen === true && !exact) {
    const screened = best(fitAll(y, m, specs, 'coarse'));
    if (screened !== null) {
      const refined = fitEts({ y, spec: screened.spec, m, optimizeStates: false, starts: [screened.smoothing], budget: BUDGETS.fast });
      return { fit: refined.aicc <= screened.aicc ? refined : screened, candidates: specs.length + 1, strategy: 'fast' };
    }
  }
  if (k === null) {
    const winner = best(fitAll(y, m, specs, exact ? 'exact' : 'fast'));
    return winner && { fit: winner, candidates: specs.length, strategy: exact ? 'exact' : 'fast' };
  }
  // Choose the structure on block means (more history is cheap there), then refit at full resolution.
  const coarse = blockMeans(input.aggregatedHistory ?? y, k);
  const coarseSpecs = viableSpecs(coarse, m / k, choice);
  const coarseWinner = best(fitAll(coarse, m / k, coarseSpecs, 'coarse'));
  if (coarseWinner === null) return { fit: best(fitAll(y, m, specs, 'fast')) as EtsFit, candidates: specs.length, strategy: 'fast' };
  // The coarse winner's form (error type included) is refitted; if the full-resolution data rules it
  // out (e.g. a zero only visible there), the other error type, else every viable model.
  const { error, trend, season } = coarseWinner.spec;
  const sameForm = specs.filter((s) => s.trend === trend && s.season === season);
  const finalists = sameForm.some((s) => s.error === error) ? sameForm.filter((s) => s.error === error) : sameForm;
  const start = fineFromCoarse(coarseWinner.smoothing, k);
  const fits = (finalists.length > 0 ? finalists : specs).map((spec) =>
    fitEts({ y, spec, m, optimizeStates: false, starts: [start], budget: finalists.length > 0 ? BUDGETS.refine : BUDGETS.fast }),
  );
  return { fit: best(fits) as EtsFit, candidates: coarseSpecs.length + fits.length, strategy: 'aggregated' };
}
