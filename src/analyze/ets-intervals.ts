/**
 * Prediction intervals. Linear models with additive errors (class 1 in Hyndman et al. 2008, ch. 6)
 * have exact Gaussian intervals: v_h = σ² (1 + Σ_{j<h} c_j²) with c_j = α + β φ_j + γ [j mod m = 0].
 * Everything else (multiplicative error or seasonality) is simulated: seeded sample paths through the
 * same recursions, quantiles per step.
 */
import { flagsOf, pointForecast, type EtsState, type Smoothing } from './ets-filter.js';
import type { EtsSpec } from './ets-model.js';
import { createRng } from './prng.js';
import { normalQuantile } from './stats.js';
import { createBandQuantiler } from './tail-quantiles.js';

export type Band = { mean: Float64Array; lo80: Float64Array; hi80: Float64Array; lo95: Float64Array; hi95: Float64Array };

export const Z80 = normalQuantile(0.9);
const Z95 = normalQuantile(0.975);
const PROBS = [0.025, 0.1, 0.9, 0.975] as const;

export function hasAnalyticIntervals(spec: EtsSpec): boolean {
  return spec.error === 'A' && spec.season !== 'M';
}

export function analyticBand(spec: EtsSpec, p: Smoothing, state: EtsState, horizon: number, sigma2: number): Band {
  const mean = pointForecast(spec, p, state, horizon);
  const { trend, season } = flagsOf(spec);
  const m = state.s.length;
  const band: Band = {
    mean,
    lo80: new Float64Array(horizon),
    hi80: new Float64Array(horizon),
    lo95: new Float64Array(horizon),
    hi95: new Float64Array(horizon),
  };
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

let seasonalPool = new Float64Array(0);

/** The paths × m seasonal states are the one big allocation (0.8 MB at m = 288): reuse one buffer. */
function scratchSeasonal(size: number): Float64Array {
  if (seasonalPool.length < size) seasonalPool = new Float64Array(size);
  return seasonalPool.subarray(0, size);
}

/**
 * Sample paths simulated step by step across all paths at once (structure of arrays): the paths are
 * independent, so the inner loop has no dependency chain and runs at throughput, not latency, speed.
 * All paths share the seasonal phase, so each step touches one contiguous row of seasonal states.
 */
function simulatedBand(input: { spec: EtsSpec; p: Smoothing; state: EtsState; horizon: number; sigma2: number; paths: number; seed: number }): Band {
  const { spec, p, state, horizon, paths } = input;
  const { mulError, trend, season } = flagsOf(spec);
  const { alpha, beta, gamma, phi } = p;
  const sigma = Math.sqrt(input.sigma2);
  const m = state.s.length;
  const rng = createRng(input.seed);
  const level = new Float64Array(paths).fill(state.l);
  const slope = new Float64Array(paths).fill(trend ? state.b : 0);
  const seasonal = scratchSeasonal(season === 0 ? 0 : m * paths);
  for (let k = 0; k < m && season !== 0; k++) seasonal.fill(state.s[k] as number, k * paths, (k + 1) * paths);
  const eps = new Float64Array(paths);
  const half = paths >> 1;
  const col = new Float64Array(paths);
  const q4 = new Float64Array(4);
  const quantiles = createBandQuantiler(paths, PROBS);
  const band: Band = {
    mean: pointForecast(spec, p, state, horizon),
    lo80: new Float64Array(horizon),
    hi80: new Float64Array(horizon),
    lo95: new Float64Array(horizon),
    hi95: new Float64Array(horizon),
  };
  const stride = horizon <= SAMPLED_STEPS ? 1 : Math.ceil(horizon / SAMPLED_STEPS);
  const sampled = new Uint8Array(horizon);
  let k = state.phase;
  for (let h = 0; h < horizon; h++) {
    // Antithetic pairs: half the deviates drawn, the other half mirrored. Halves the generator cost and
    // makes the simulated spread symmetric where the model is, which steadies the tail quantiles.
    for (let j = 0; j < half; j++) {
      const z = sigma * rng.normal();
      eps[j] = z;
      eps[j + half] = -z;
    }
    if (paths > 2 * half) eps[paths - 1] = sigma * rng.normal();
    const base = k * paths;
    for (let j = 0; j < paths; j++) {
      const phib = trend ? phi * (slope[j] as number) : 0;
      const q = (level[j] as number) + phib;
      const sOld = season === 0 ? 0 : (seasonal[base + j] as number);
      const f = season === 0 ? q : season === 1 ? q + sOld : q * sOld;
      const e = eps[j] as number;
      const y = mulError ? f * (1 + e) : f + e;
      col[j] = y;
      const d = (season === 0 ? y : season === 1 ? y - sOld : y / sOld) - q;
      level[j] = q + alpha * d;
      slope[j] = phib + beta * d;
      if (season !== 0) seasonal[base + j] = sOld + gamma * ((season === 1 ? y - q : y / q) - sOld);
    }
    if (h < NEAR_STEPS || h % stride === 0 || h === horizon - 1) {
      quantiles(col, q4);
      band.lo95[h] = q4[0] as number;
      band.lo80[h] = q4[1] as number;
      band.hi80[h] = q4[2] as number;
      band.hi95[h] = q4[3] as number;
      sampled[h] = 1;
    }
    if (++k === m) k = 0;
  }
  if (stride > 1) fillBetweenSampled(band, sampled, season === 2);
  return band;
}

/** Every step of a short horizon gets its own quantiles; a long one about this many, plus the near steps. */
const SAMPLED_STEPS = 64;
const NEAR_STEPS = 8;

/**
 * Quantiles of the steps in between, interpolated as the band's position relative to the exact point
 * forecast: as a ratio under multiplicative seasonality (the spread follows the seasonal peaks), as an
 * offset otherwise (there the level's accumulated uncertainty, the same in every phase, dominates).
 * Quantile extraction was most of a simulated band's cost, and a 200-path quantile's own noise (about
 * 0.2 sd in the 95% tails, 5% of the band) is of the size of the interpolation error (simulated-band.test.ts).
 */
function fillBetweenSampled(band: Band, sampled: Uint8Array, relative: boolean): void {
  const { mean } = band;
  let a = 0;
  for (let b = 1; b < sampled.length; b++) {
    if (sampled[b] !== 1) continue;
    const ma = mean[a] as number;
    const mb = mean[b] as number;
    for (let h = a + 1; h < b; h++) {
      const t = (h - a) / (b - a);
      const mh = mean[h] as number;
      const ratio = relative && ma > 0 && mb > 0 && mh > 0;
      for (const arr of [band.lo80, band.hi80, band.lo95, band.hi95]) {
        const va = arr[a] as number;
        const vb = arr[b] as number;
        arr[h] = ratio ? mh * ((1 - t) * (va / ma) + t * (vb / mb)) : mh + (1 - t) * (va - ma) + t * (vb - mb);
      }
    }
    a = b;
  }
}

/**
 * 1000 sample paths, fewer for long horizons so that simulation stays within about 60k path-steps
 * (a millisecond or so; reports forecast thousands of series). At the floor of 200 antithetic paths the
 * 2.5% quantile is within about 0.2 sd of its true value.
 */
export function defaultPaths(horizon: number): number {
  return Math.max(200, Math.min(1000, Math.floor(60_000 / horizon)));
}

export function forecastBand(input: {
  spec: EtsSpec;
  p: Smoothing;
  state: EtsState;
  horizon: number;
  sigma2: number;
  /** Sample paths for simulated intervals (default: defaultPaths(horizon)). */
  paths?: number;
  seed?: number;
}): Band {
  if (hasAnalyticIntervals(input.spec)) return analyticBand(input.spec, input.p, input.state, input.horizon, input.sigma2);
  return simulatedBand({ ...input, paths: input.paths ?? defaultPaths(input.horizon), seed: input.seed ?? 20240601 });
}
