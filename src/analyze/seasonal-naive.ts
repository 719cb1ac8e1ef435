/**
 * Seasonal naive: each step forecast by the value one period earlier. It is the ETS(A,N,A) model with
 * α = 0 and γ = 1 (the level stays put, each seasonal state becomes the last value at its phase), so
 * it forecasts, bands (σ²(1 + ⌊(h-1)/m⌋), R's snaive intervals) and searches thresholds through the
 * same code as every other model. A phase with a missing last value takes the latest earlier one.
 */
import type { EtsState, Smoothing } from './ets-filter.js';
import type { EtsSpec } from './ets-model.js';

export const SNAIVE_SPEC: EtsSpec = { error: 'A', trend: 'N', season: 'A' };
export const SNAIVE_SMOOTHING: Smoothing = { alpha: 0, beta: 0, gamma: 1, phi: 1 };

export type SeasonalNaive = {
  period: number;
  /** State after the last value: level 0, the last cycle as seasonal states. */
  state: EtsState;
  sigma2: number;
  /** y_t - y_{t-m}, NaN where either is missing (and for the first cycle). */
  residuals: Float64Array;
  nobs: number;
};

/** The value at index i, or at the latest earlier index of the same phase that has one; NaN if none. */
export function lastAtPhase(y: Float64Array, i: number, m: number): number {
  for (let j = i; j >= 0; j -= m) if (y[j] === y[j]) return y[j] as number;
  return Number.NaN;
}

export function seasonalNaive(y: Float64Array, m: number): SeasonalNaive {
  const n = y.length;
  const s = new Float64Array(m);
  for (let k = 0; k < m; k++) s[k] = lastAtPhase(y, n - m + k, m);
  const residuals = new Float64Array(n).fill(Number.NaN);
  let sse = 0;
  let nobs = 0;
  for (let i = m; i < n; i++) {
    const e = (y[i] as number) - (y[i - m] as number);
    if (e !== e) continue;
    residuals[i] = e;
    sse += e * e;
    nobs++;
  }
  // A phase never observed forecasts the mean of the others rather than NaN.
  let sum = 0;
  let count = 0;
  for (let k = 0; k < m; k++) {
    if (s[k] !== s[k]) continue;
    sum += s[k] as number;
    count++;
  }
  for (let k = 0; k < m; k++) if (s[k] !== s[k]) s[k] = count > 0 ? sum / count : 0;
  return { period: m, state: { l: 0, b: 0, s, phase: 0 }, sigma2: nobs > 0 ? sse / nobs : 0, residuals, nobs };
}

/** Point forecasts of `steps` from `origin` (exclusive) using only y[0..origin). */
export function seasonalNaiveFrom(y: Float64Array, m: number, origin: number, steps: number): Float64Array {
  const out = new Float64Array(steps);
  for (let k = 0; k < steps; k++) out[k] = lastAtPhase(y, origin - m + (k % m), m);
  return out;
}
