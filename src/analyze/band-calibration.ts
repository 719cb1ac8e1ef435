/**
 * Interval calibration from the tail validation. A model's bands assume its fitted parameters, its
 * in-sample residual variance and its own error structure are the truth. None is: the parameters are
 * estimates (worse on short series), a decomposition soaks up part of the noise into its seasonal
 * components (so the remainder looks calmer than the future will be, and the seasonal cycle carried
 * forward has its own error), and the error type may be the wrong one. The validation forecasts were
 * made out of sample, so their errors, each divided by the variance the model claimed for that step,
 * average 1 when the bands are right. Their mean, shrunk towards 1 by CALIBRATION_PRIOR points'
 * worth of belief in the model, scales the variance of the bands; never below the model's own.
 */
import { flagsOf } from './ets-filter.js';
import type { FittedModel } from './fitted-model.js';
import type { ValidationPlan } from './tail-validation.js';

/** Pseudo-observations of "the model is right" that the validation errors are weighed against. */
const CALIBRATION_PRIOR = 24;
/** Largest variance scale: a band three times as wide as the model's is as far as the evidence goes. */
const MAX_SCALE = 9;

/** 1 + Σ_{j<h} c_j² for h = 1..steps: the linear ETS variance growth (exact for additive models). */
export function varianceGrowth(model: Pick<FittedModel, 'spec' | 'smoothing' | 'state'>, steps: number): Float64Array {
  const { trend, season } = flagsOf(model.spec);
  const { alpha, beta, gamma, phi } = model.smoothing;
  const m = model.state.s.length;
  const out = new Float64Array(steps);
  let sumC2 = 0;
  let phiPow = 1;
  let phiSum = 0;
  for (let h = 1; h <= steps; h++) {
    out[h - 1] = 1 + sumC2;
    phiPow *= phi;
    phiSum += phiPow;
    const c = alpha + (trend ? beta * phiSum : 0) + (season !== 0 && h % m === 0 ? gamma : 0);
    sumC2 += c * c;
  }
  return out;
}

/** Variance multiplier for a model's bands from its validation forecasts (1 when there is nothing to go on). */
export function calibrationFrom(model: FittedModel, y: Float64Array, plan: ValidationPlan, forecasts: Float64Array[]): number {
  if (!(model.sigma2 > 0)) return 1;
  const growth = varianceGrowth(model, plan.steps);
  const relative = model.spec.error === 'M';
  // Multiplicative errors are relative to the ETS part's level: the forecast itself for ETS on the
  // series, the adjusted level for a decomposition (its seasonal components are added on top).
  const level = Math.abs(model.state.l);
  let sum = 0;
  let count = 0;
  plan.origins.forEach((o, j) => {
    const f = forecasts[j] as Float64Array;
    for (let k = 0; k < f.length && o + k < y.length; k++) {
      const actual = y[o + k] as number;
      const fc = f[k] as number;
      if (actual !== actual || fc !== fc) continue;
      if (model.log && !(actual > 0 && fc > 0)) continue;
      const e = model.log ? Math.log(actual) - Math.log(fc) : actual - fc;
      const scale = relative ? (model.kind === 'ets' ? Math.abs(fc) : level) : 1;
      const v = model.sigma2 * (growth[k] as number) * scale * scale;
      if (!(v > 0)) continue;
      sum += (e * e) / v;
      count++;
    }
  });
  if (count === 0) return 1;
  const shrunk = (sum + CALIBRATION_PRIOR) / (count + CALIBRATION_PRIOR);
  return Math.min(MAX_SCALE, Math.max(1, shrunk));
}
