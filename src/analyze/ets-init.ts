/**
 * Initial states as forecast::ets's initstate(): seasonal indices from a classical decomposition
 * (or, with fewer than three seasons, from a linear trend + first Fourier pair regression), then level
 * and trend from a straight line through the first max(10, 2m) seasonally adjusted points.
 * These are starting values: the fit refines them when the state vector is small enough to optimise.
 */
import { decompose } from './decompose.js';
import type { EtsState } from './ets-filter.js';
import type { EtsSpec } from './ets-model.js';
import { fitLine, leastSquares } from './linear-fit.js';
import { mean } from './stats.js';

function seasonalComponent(y: Float64Array, m: number, multiplicative: boolean): Float64Array {
  const n = y.length;
  const out = new Float64Array(n);
  if (n >= 3 * m) {
    const { figure } = decompose(y, m, multiplicative ? 'multiplicative' : 'additive');
    for (let i = 0; i < n; i++) out[i] = figure[i % m] as number;
    return out;
  }
  const t = Float64Array.from({ length: n }, (_, i) => i + 1);
  const one = new Float64Array(n).fill(1);
  const sin = t.map((v) => Math.sin((2 * Math.PI * v) / m));
  const cos = t.map((v) => Math.cos((2 * Math.PI * v) / m));
  const [a = 0, b = 0] = leastSquares([one, t, sin, cos], y);
  for (let i = 0; i < n; i++) {
    const line = a + b * (i + 1);
    out[i] = multiplicative ? (y[i] as number) / line : (y[i] as number) - line;
  }
  return out;
}

export function heuristicInitialState(y: Float64Array, spec: EtsSpec, m: number): EtsState {
  const seasonal = spec.season !== 'N' && m > 1;
  const mult = spec.season === 'M';
  const s = new Float64Array(seasonal ? m : 1);
  let adjusted = y;
  if (seasonal) {
    const comp = seasonalComponent(y, m, mult);
    const neutral = mult ? 1 : 0;
    for (let k = 1; k < m; k++) {
      const v = comp[k] as number;
      s[k] = v === v && Number.isFinite(v) ? v : neutral;
    }
    if (mult) {
      let sum = 0;
      for (let k = 1; k < m; k++) {
        s[k] = Math.max(s[k] as number, 1e-2); // negative seasonal indices make no sense
        sum += s[k] as number;
      }
      if (sum > m) for (let k = 1; k < m; k++) s[k] = (s[k] as number) / (sum + (m - 1) * 1e-2);
    }
    let rest = 0;
    for (let k = 1; k < m; k++) rest += s[k] as number;
    s[0] = (mult ? m : 0) - rest;
    adjusted = y.map((v, i) => (mult ? v / Math.max(comp[i] as number, 1e-2) : v - (comp[i] as number)));
  }
  const maxn = Math.min(Math.max(10, 2 * (seasonal ? m : 1)), y.length);
  const head = adjusted.subarray(0, maxn);
  if (spec.trend === 'N') return { l: mean(head), b: 0, s, phase: 0 };
  const xs = Float64Array.from({ length: maxn }, (_, i) => i + 1);
  let { intercept: l, slope: b } = fitLine(xs, head);
  if (l !== l) l = mean(adjusted);
  // Multiplicative errors divide by l0 + b0: keep it off zero, as R does.
  if (Math.abs(l + b) < 1e-8) {
    l *= 1 + 1e-3;
    b *= 1 - 1e-3;
  }
  return { l, b, s, phase: 0 };
}
