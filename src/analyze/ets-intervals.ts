/**
 * Prediction intervals. Linear models with additive errors (class 1 in Hyndman et al. 2008, ch. 6)
 * have exact Gaussian intervals: v_h = σ² (1 + Σ_{j<h} c_j²) with c_j = α + β φ_j + γ [j mod m = 0].
 * Everything else (multiplicative error or seasonality) is simulated: seeded sample paths through the
 * same recursions, quantiles per step.
 */
import { flagsOf, pointForecast, type EtsState, type Smoothing } from './ets-filter.js';
import type { EtsSpec } from './ets-model.js';
import { createRng } from './prng.js';
import { normalQuantile, quantileInPlace } from './stats.js';

export type Band = { mean: Float64Array; lo80: Float64Array; hi80: Float64Array; lo95: Float64Array; hi95: Float64Array };

const Z80 = normalQuantile(0.9);
const Z95 = normalQuantile(0.975);

export function hasAnalyticIntervals(spec: EtsSpec): boolean {
  return spec.error === 'A' && spec.season !== 'M';
}

function analyticBand(spec: EtsSpec, p: Smoothing, state: EtsState, horizon: number, sigma2: number): Band {
  const mean = pointForecast(spec, p, state, horizon);
  const { trend, season } = flagsOf(spec);
  const m = state.s.length;
  const band: Band = { mean, lo80: new Float64Array(horizon), hi80: new Float64Array(horizon), lo95: new Float64Array(horizon), hi95: new Float64Array(horizon) };
  let sumC2 = 0;
  let phiPow = 1;
  let phiSum = 0;
  for (let h = 1; h <= horizon; h++) {
    const sd = Math.sqrt(sigma2 * (1 + sumC2));
    const mu = mean[h - 1] as number;
    band.lo80[h - 1] = mu - Z80 * sd;
    band.hi80[h - 1] = mu + Z80 * sd;
    band.lo95[h - 1] = mu - Z95 * sd;
    band.hi95[h - 1] = mu + Z95 * sd;
    // c_h for the next step's variance.
    phiPow *= p.phi;
    phiSum += phiPow;
    const c = p.alpha + (trend ? p.beta * phiSum : 0) + (season !== 0 && h % m === 0 ? p.gamma : 0);
    sumC2 += c * c;
  }
  return band;
}

function simulatedBand(input: { spec: EtsSpec; p: Smoothing; state: EtsState; horizon: number; sigma2: number; paths: number; seed: number }): Band {
  const { spec, p, state, horizon, paths } = input;
  const { mulError, trend, season } = flagsOf(spec);
  const sigma = Math.sqrt(input.sigma2);
  const m = state.s.length;
  const rng = createRng(input.seed);
  const sims = new Float64Array(horizon * paths);
  const s = new Float64Array(m);
  for (let path = 0; path < paths; path++) {
    s.set(state.s);
    let l = state.l;
    let b = trend ? state.b : 0;
    let k = state.phase;
    for (let h = 0; h < horizon; h++) {
      const phib = trend ? p.phi * b : 0;
      const q = l + phib;
      const sOld = s[k] as number;
      const f = season === 0 ? q : season === 1 ? q + sOld : q * sOld;
      const eps = sigma * rng.normal();
      const y = mulError ? f * (1 + eps) : f + eps;
      sims[h * paths + path] = y;
      const d = (season === 0 ? y : season === 1 ? y - sOld : y / sOld) - q;
      l = q + p.alpha * d;
      b = phib + p.beta * d;
      if (season === 1) s[k] = sOld + p.gamma * (y - q - sOld);
      else if (season === 2) s[k] = sOld + p.gamma * (y / q - sOld);
      if (++k === m) k = 0;
    }
  }
  const mean = pointForecast(spec, p, state, horizon);
  const band: Band = { mean, lo80: new Float64Array(horizon), hi80: new Float64Array(horizon), lo95: new Float64Array(horizon), hi95: new Float64Array(horizon) };
  for (let h = 0; h < horizon; h++) {
    const col = sims.subarray(h * paths, (h + 1) * paths);
    band.lo95[h] = quantileInPlace(col, 0.025);
    band.lo80[h] = quantileInPlace(col, 0.1);
    band.hi80[h] = quantileInPlace(col, 0.9);
    band.hi95[h] = quantileInPlace(col, 0.975);
  }
  return band;
}

export function forecastBand(input: {
  spec: EtsSpec;
  p: Smoothing;
  state: EtsState;
  horizon: number;
  sigma2: number;
  /** Sample paths for simulated intervals. */
  paths?: number;
  seed?: number;
}): Band {
  if (hasAnalyticIntervals(input.spec)) return analyticBand(input.spec, input.p, input.state, input.horizon, input.sigma2);
  return simulatedBand({ ...input, paths: input.paths ?? 1000, seed: input.seed ?? 20240601 });
}
