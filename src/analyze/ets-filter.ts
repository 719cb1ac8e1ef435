/**
 * The ETS recursions (Hyndman et al. 2008, as forecast::ets implements them). Additive and multiplicative
 * errors share the state updates; they differ only in the likelihood. A missing observation (NaN) skips
 * the update: the state propagates (level + damped trend, seasonal kept) and the likelihood excludes it.
 */
import type { EtsSpec } from './ets-model.js';

/** Smoothing parameters with unused ones neutral (beta = gamma = 0, phi = 1). */
export type Smoothing = { alpha: number; beta: number; gamma: number; phi: number };

/** State at a time point. `s` holds one seasonal value per phase; `phase` is the phase of the next step. */
export type EtsState = { l: number; b: number; s: Float64Array; phase: number };

const TOL = 1e-10;
const HUGE = 1e10;

export type Flags = { mulError: boolean; trend: boolean; season: 0 | 1 | 2 };

const FLAGS = new WeakMap<EtsSpec, Flags>();

/** Model flags for the inner loops, memoised per spec object (the objective runs thousands of times per fit). */
export function flagsOf(spec: EtsSpec): Flags {
  let flags = FLAGS.get(spec);
  if (flags === undefined) {
    flags = { mulError: spec.error === 'M', trend: spec.trend !== 'N', season: spec.season === 'N' ? 0 : spec.season === 'A' ? 1 : 2 };
    FLAGS.set(spec, flags);
  }
  return flags;
}

/**
 * -2 log-likelihood up to a constant, in R's convention (n log SSE, plus 2 Σ log|ŷ| for multiplicative
 * errors). Runs on `state` in place (callers pass a scratch copy). Infinity where the fit breaks down.
 */
export function etsObjective(y: Float64Array, spec: EtsSpec, p: Smoothing, state: EtsState): number {
  const { mulError, trend, season } = flagsOf(spec);
  const { alpha, gamma, phi } = p;
  const beta = trend ? p.beta : 0;
  const s = state.s;
  const m = s.length;
  let l = state.l;
  let b = trend ? state.b : 0;
  let k = state.phase;
  let sse = 0;
  // Σ log|ŷ| as the log of a running product, flushed before it over- or underflows: one log per
  // hundreds of steps instead of one per step (the log dominated the multiplicative-error cost).
  let prod = 1;
  let sumLog = 0;
  let nobs = 0;
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const phib = trend ? phi * b : 0;
    const q = l + phib;
    const sOld = s[k] as number;
    const yi = y[i] as number;
    if (yi === yi) {
      const f = season === 0 ? q : season === 1 ? q + sOld : q * sOld;
      const e = mulError ? (yi - f) / f : yi - f;
      sse += e * e;
      nobs++;
      if (mulError) {
        prod *= f < 0 ? -f : f;
        if (prod > 1e150 || prod < 1e-150) {
          sumLog += Math.log(prod);
          prod = 1;
        }
      }
      // d is the level innovation: l = q + α d and b = φb + β d are R's updates rearranged
      // (b = φb + (β/α)(l_t - l_{t-1} - φb)), which shortens the dependency chain between steps.
      const d = season === 0 ? yi - q : season === 1 ? yi - sOld - q : (Math.abs(sOld) < TOL ? HUGE : yi / sOld) - q;
      l = q + alpha * d;
      b = phib + beta * d;
      if (season === 1) s[k] = sOld + gamma * (yi - q - sOld);
      else if (season === 2) s[k] = sOld + gamma * ((Math.abs(q) < TOL ? HUGE : yi / q) - sOld);
    } else {
      l = q;
      b = phib;
    }
    if (++k === m) k = 0;
  }
  state.l = l;
  state.b = b;
  state.phase = k;
  if (nobs === 0) return Number.POSITIVE_INFINITY;
  let lik = nobs * Math.log(sse) + (mulError ? 2 * (sumLog + Math.log(prod)) : 0);
  if (lik < -1e10) lik = -1e10; // a perfect fit: keep it finite, as R does
  return lik === lik ? lik : Number.POSITIVE_INFINITY;
}

export type EtsRun = {
  /** One-step-ahead forecasts. */
  fitted: Float64Array;
  /** Residuals: y - ŷ (additive error) or (y - ŷ)/ŷ (multiplicative); NaN where y is missing. */
  residuals: Float64Array;
  /** Sum of squared residuals over observed points, and how many there were. */
  sse: number;
  nobs: number;
  lik: number;
  /** State after the last observation. */
  final: EtsState;
};

/** The same recursion, keeping fitted values, residuals and the final state. */
export function etsRun(y: Float64Array, spec: EtsSpec, p: Smoothing, init: EtsState): EtsRun {
  const { mulError, trend, season } = flagsOf(spec);
  const n = y.length;
  const fitted = new Float64Array(n);
  const residuals = new Float64Array(n);
  const state: EtsState = { l: init.l, b: trend ? init.b : 0, s: Float64Array.from(init.s), phase: init.phase };
  const m = state.s.length;
  const beta = trend ? p.beta : 0;
  let sse = 0;
  let sumLog = 0;
  let nobs = 0;
  for (let i = 0; i < n; i++) {
    const phib = trend ? p.phi * state.b : 0;
    const q = state.l + phib;
    const k = state.phase;
    const sOld = state.s[k] as number;
    const f = season === 0 ? q : season === 1 ? q + sOld : q * sOld;
    fitted[i] = f;
    const yi = y[i] as number;
    if (yi === yi) {
      const e = mulError ? (yi - f) / f : yi - f;
      residuals[i] = e;
      sse += e * e;
      if (mulError) sumLog += Math.log(Math.abs(f));
      nobs++;
      const pv = season === 0 ? yi : season === 1 ? yi - sOld : Math.abs(sOld) < TOL ? HUGE : yi / sOld;
      state.l = q + p.alpha * (pv - q);
      if (trend) state.b = phib + beta * (pv - q);
      if (season === 1) state.s[k] = sOld + p.gamma * (yi - q - sOld);
      else if (season === 2) state.s[k] = sOld + p.gamma * ((Math.abs(q) < TOL ? HUGE : yi / q) - sOld);
    } else {
      residuals[i] = Number.NaN;
      state.l = q;
      state.b = phib;
    }
    state.phase = k + 1 === m ? 0 : k + 1;
  }
  const lik = nobs === 0 ? Number.POSITIVE_INFINITY : nobs * Math.log(sse) + (mulError ? 2 * sumLog : 0);
  return { fitted, residuals, sse, nobs, lik: lik === lik ? Math.max(lik, -1e10) : Number.POSITIVE_INFINITY, final: state };
}

/** The state after running y from `state` (left untouched): the recursion without keeping fitted values or residuals. */
export function advanceState(y: Float64Array, spec: EtsSpec, p: Smoothing, state: EtsState): EtsState {
  const next: EtsState = { l: state.l, b: state.b, s: Float64Array.from(state.s), phase: state.phase };
  if (y.length > 0) etsObjective(y, spec, p, next);
  return next;
}

/** Point forecasts h = 1..horizon from a state (no noise): level + damped trend, with the seasonal phase. */
export function pointForecast(spec: EtsSpec, p: Smoothing, state: EtsState, horizon: number): Float64Array {
  const { trend, season } = flagsOf(spec);
  const out = new Float64Array(horizon);
  const m = state.s.length;
  let phiSum = 0;
  let phiPow = 1;
  for (let h = 1; h <= horizon; h++) {
    phiPow *= p.phi;
    phiSum += phiPow;
    const lb = trend ? state.l + phiSum * state.b : state.l;
    const sv = state.s[(state.phase + h - 1) % m] as number;
    out[h - 1] = season === 0 ? lb : season === 1 ? lb + sv : lb * sv;
  }
  return out;
}
