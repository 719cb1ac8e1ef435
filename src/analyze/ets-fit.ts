/**
 * Fits one ETS model by maximum likelihood (R's criterion, see etsObjective) with the bounded
 * Nelder-Mead. Short series optimise the initial states too, as forecast::ets does; long or
 * long-period series keep the decomposition-based initial states, whose influence fades after a
 * few seasons, and optimise the smoothing parameters only.
 */
import { createAdmissibilityCheck } from './admissible.js';
import { etsObjective, etsRun, type EtsState, type Smoothing } from './ets-filter.js';
import { heuristicInitialState } from './ets-init.js';
import { parameterCount, residualVariance, type EtsSpec } from './ets-model.js';
import { decodeSmoothing, defaultSmoothing, encodeSmoothing, layoutOf } from './ets-params.js';
import { nelderMead } from './nelder-mead.js';
import { variance } from './stats.js';

export type FitBudget = { maxEvals: number; relTol: number; absTol: number; restarts: number; stepU: number; admissibleRoots?: boolean };

export type EtsFit = {
  spec: EtsSpec;
  /** Seasonal period the model uses (1 for non-seasonal models). */
  m: number;
  smoothing: Smoothing;
  /** State before the first observation of the fitted data. */
  init: EtsState;
  /** -2 log-likelihood up to a constant (R's ets convention). */
  lik: number;
  aicc: number;
  /** Parameters counted for the AICc: smoothing, initial states and sigma. */
  np: number;
  nobs: number;
  evals: number;
};

/** The admissibility root test costs O(m²) per evaluation: affordable for the periods R's ets allows. */
const MAX_ADMISSIBLE_CHECK_PERIOD = 24;

export function fitEts(input: {
  y: Float64Array;
  spec: EtsSpec;
  m: number;
  optimizeStates: boolean;
  /** Extra starting points (warm starts); the better of these and R's defaults seeds the search. */
  starts?: Smoothing[];
  budget: FitBudget;
}): EtsFit {
  const { y, spec, optimizeStates, budget } = input;
  const m = spec.season === 'N' ? 1 : input.m;
  const init = heuristicInitialState(y, spec, m);
  const layout = layoutOf(spec);
  const trend = spec.trend !== 'N';
  const seasonal = spec.season !== 'N';
  const mult = spec.season === 'M';
  const nStates = optimizeStates ? 1 + Number(trend) + (seasonal ? m - 1 : 0) : 0;
  const dims = layout.count + nStates;
  const scratch: EtsState = { l: 0, b: 0, s: new Float64Array(init.s.length), phase: 0 };
  const admissible = seasonal && m <= MAX_ADMISSIBLE_CHECK_PERIOD ? createAdmissibilityCheck(m, budget.admissibleRoots !== false) : null;

  const p: Smoothing = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
  const objective = (x: Float64Array): number => {
    decodeSmoothing(layout, x, p);
    if (admissible && !admissible(p.alpha, p.beta, p.gamma, p.phi)) return Number.POSITIVE_INFINITY;
    scratch.phase = 0;
    if (!optimizeStates) {
      scratch.l = init.l;
      scratch.b = init.b;
      scratch.s.set(init.s);
    } else {
      let j = layout.count;
      scratch.l = x[j++] as number;
      scratch.b = trend ? (x[j++] as number) : 0;
      if (seasonal) {
        let rest = 0;
        for (let k = 1; k < m; k++) {
          const v = x[j++] as number;
          scratch.s[k] = v;
          rest += v;
        }
        scratch.s[0] = (mult ? m : 0) - rest;
        if (mult) for (let k = 0; k < m; k++) if ((scratch.s[k] as number) < 0) return Number.POSITIVE_INFINITY;
      }
    }
    return etsObjective(y, spec, p, scratch);
  };

  const x0 = new Float64Array(dims);
  const steps = new Float64Array(dims).fill(budget.stepU);
  const lower = new Float64Array(dims).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(dims).fill(Number.POSITIVE_INFINITY);
  lower.fill(0, 0, layout.count);
  upper.fill(1, 0, layout.count);
  if (optimizeStates) {
    const scale = Math.sqrt(variance(y)) || Math.abs(init.l) * 0.01 || 1;
    let j = layout.count;
    x0[j] = init.l;
    steps[j++] = 0.1 * scale;
    if (trend) {
      x0[j] = init.b;
      steps[j++] = (0.1 * scale) / Math.max(m, 10);
    }
    for (let k = 1; k < m && seasonal; k++) {
      x0[j] = init.s[k] as number;
      steps[j++] = mult ? 0.05 : 0.1 * scale;
    }
  }
  // Seed from whichever start is best: R's defaults, or the warm starts the caller has.
  let bestStart = Number.POSITIVE_INFINITY;
  const seed = Float64Array.from(x0);
  for (const start of [defaultSmoothing(spec, m), ...(input.starts ?? [])]) {
    encodeSmoothing(layout, start, seed);
    const v = objective(seed);
    if (v < bestStart || bestStart === Number.POSITIVE_INFINITY) {
      bestStart = v;
      x0.set(seed.subarray(0, layout.count));
    }
  }
  const { maxEvals, relTol, absTol, restarts } = budget;
  const res = nelderMead({ f: objective, x0, steps, lower, upper, maxEvals, relTol, absTol, restarts });
  const smoothing = decodeSmoothing(layout, res.x);
  const fittedInit: EtsState = { l: init.l, b: init.b, s: Float64Array.from(init.s), phase: 0 };
  if (optimizeStates) {
    let j = layout.count;
    fittedInit.l = res.x[j++] as number;
    fittedInit.b = trend ? (res.x[j++] as number) : 0;
    if (seasonal) {
      let rest = 0;
      for (let k = 1; k < m; k++) {
        fittedInit.s[k] = res.x[j++] as number;
        rest += fittedInit.s[k] as number;
      }
      fittedInit.s[0] = (mult ? m : 0) - rest;
    }
  }
  return withCriteria({ spec, m, smoothing, init: fittedInit, lik: res.fx, nobs: countObserved(y), evals: res.evals });
}

function countObserved(y: Float64Array): number {
  let nobs = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) nobs++;
  return nobs;
}

/** AICc as forecast::ets counts it: smoothing parameters, initial states and sigma. */
function withCriteria(f: Omit<EtsFit, 'aicc' | 'np'>): EtsFit {
  const np = parameterCount(f.spec, f.m) + 1;
  const { lik, nobs } = f;
  const aicc = nobs - np - 1 > 0 && Number.isFinite(lik) ? lik + 2 * np + (2 * np * (np + 1)) / (nobs - np - 1) : Number.POSITIVE_INFINITY;
  return { ...f, np, aicc };
}

/**
 * A model with known smoothing parameters applied to new data, nothing optimised (R's
 * ets(y, model = fit)): decomposition initial states, one pass. Also gives the residual variance,
 * which tells whether the parameters still suit the data.
 */
export function evaluateEts(input: { y: Float64Array; spec: EtsSpec; m: number; smoothing: Smoothing }): { fit: EtsFit; sigma2: number } {
  const { y, spec } = input;
  const m = spec.season === 'N' ? 1 : input.m;
  const init = heuristicInitialState(y, spec, m);
  const run = etsRun(y, spec, input.smoothing, init);
  const fit = withCriteria({ spec, m, smoothing: { ...input.smoothing }, init, lik: run.lik, nobs: run.nobs, evals: 1 });
  return { fit, sigma2: residualVariance(run.sse, run.nobs, spec, m) };
}
