/**
 * Maps an optimiser vector to ETS smoothing parameters. Smoothing parameters live in a unit box
 * (u ∈ [0, 1]) so that the usual bounds 1e-4 ≤ β ≤ α ≤ 0.9999, 1e-4 ≤ γ ≤ 1 - α, 0.8 ≤ φ ≤ 0.98
 * (forecast::ets's defaults) are box constraints the bounded Nelder-Mead can respect exactly.
 */
import type { Smoothing } from './ets-filter.js';
import type { EtsSpec } from './ets-model.js';

export const BOUNDS = { lo: 1e-4, hi: 0.9999, phiLo: 0.8, phiHi: 0.98 } as const;

export type ParamLayout = { beta: boolean; gamma: boolean; phi: boolean; count: number };

export function layoutOf(spec: EtsSpec): ParamLayout {
  const beta = spec.trend !== 'N';
  const gamma = spec.season !== 'N';
  const phi = spec.trend === 'Ad';
  return { beta, gamma, phi, count: 1 + Number(beta) + Number(gamma) + Number(phi) };
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Decodes into `out` (reused across likelihood evaluations to keep the garbage collector out of the loop). */
export function decodeSmoothing(layout: ParamLayout, x: ArrayLike<number>, out: Smoothing = { alpha: 0, beta: 0, gamma: 0, phi: 1 }): Smoothing {
  const { lo, hi, phiLo, phiHi } = BOUNDS;
  let j = 0;
  const alpha = lo + (hi - lo) * (x[j++] as number);
  out.alpha = alpha;
  out.beta = layout.beta ? lo + (Math.min(alpha, hi) - lo) * (x[j++] as number) : 0;
  out.gamma = layout.gamma ? lo + (Math.min(1 - alpha, hi) - lo) * (x[j++] as number) : 0;
  out.phi = layout.phi ? phiLo + (phiHi - phiLo) * (x[j++] as number) : 1;
  return out;
}

export function encodeSmoothing(layout: ParamLayout, p: Smoothing, out: Float64Array): void {
  const { lo, hi, phiLo, phiHi } = BOUNDS;
  let j = 0;
  out[j++] = clamp01((p.alpha - lo) / (hi - lo));
  if (layout.beta) out[j++] = clamp01((p.beta - lo) / Math.max(Math.min(p.alpha, hi) - lo, 1e-12));
  if (layout.gamma) out[j++] = clamp01((p.gamma - lo) / Math.max(Math.min(1 - p.alpha, hi) - lo, 1e-12));
  if (layout.phi) out[j++] = clamp01((p.phi - phiLo) / (phiHi - phiLo));
}

/** forecast::ets's starting values (initparam): small α for seasonal data, β and γ near their lower bounds. */
export function defaultSmoothing(spec: EtsSpec, m: number): Smoothing {
  const { lo, hi, phiLo, phiHi } = BOUNDS;
  const alpha = lo + (0.2 * (hi - lo)) / (spec.season === 'N' ? 1 : m);
  return {
    alpha,
    beta: spec.trend === 'N' ? 0 : lo + 0.1 * (alpha - lo),
    gamma: spec.season === 'N' ? 0 : lo + 0.05 * (1 - alpha - lo),
    phi: spec.trend === 'Ad' ? phiLo + 0.99 * (phiHi - phiLo) : 1,
  };
}
