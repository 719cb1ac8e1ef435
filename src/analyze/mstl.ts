/**
 * MSTL (Bandara, Hyndman & Bergmeir 2021; R's forecast::mstl): several seasonal components, each
 * estimated by STL on the series with the other components removed, shortest period first, the whole
 * round repeated `iterate` times. Seasonal windows default to R's 11, 15, 19, … for the periods in
 * ascending order. Gaps are filled by straight lines for the decomposition only: the adjusted series
 * keeps them missing, so nothing downstream fits to invented values.
 */
import { createStlScratch, stl } from './stl.js';

export type Mstl = {
  periods: number[];
  /** One seasonal component per period (ascending), each over the whole series. */
  seasonals: Float64Array[];
  trend: Float64Array;
  /** The series minus every seasonal component; NaN where the series is missing. */
  adjusted: Float64Array;
};

export const defaultSeasonalWindow = (index: number): number => 11 + 4 * index;

/** Linear interpolation across inner gaps, the nearest observation carried into leading and trailing ones. */
export function fillGaps(y: Float64Array): Float64Array {
  const out = Float64Array.from(y);
  let prev = -1;
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== out[i]) continue;
    if (prev < 0) out.fill(out[i] as number, 0, i);
    else if (i - prev > 1) {
      const a = out[prev] as number;
      const b = out[i] as number;
      for (let k = prev + 1; k < i; k++) out[k] = a + ((b - a) * (k - prev)) / (i - prev);
    }
    prev = i;
  }
  if (prev >= 0) out.fill(out[prev] as number, prev + 1);
  return out;
}

export function mstl(y: Float64Array, options: { periods: number[]; sWindows?: number[]; sDegree?: 0 | 1; iterate?: number }): Mstl {
  const periods = [...options.periods].sort((a, b) => a - b);
  const x = fillGaps(y);
  const n = x.length;
  const seasonals = periods.map(() => new Float64Array(n));
  const deseason = Float64Array.from(x);
  const trend = new Float64Array(n);
  const iterate = periods.length > 1 ? Math.max(1, options.iterate ?? 2) : 1;
  const scratch = periods.map((p) => createStlScratch(n, p));
  for (let it = 0; it < iterate; it++) {
    for (let p = 0; p < periods.length; p++) {
      const s = seasonals[p] as Float64Array;
      for (let i = 0; i < n; i++) deseason[i] = (deseason[i] as number) + (s[i] as number);
      const fit = stl(
        deseason,
        { period: periods[p] as number, sWindow: options.sWindows?.[p] ?? defaultSeasonalWindow(p), sDegree: options.sDegree },
        scratch[p],
      );
      s.set(fit.seasonal);
      for (let i = 0; i < n; i++) deseason[i] = (deseason[i] as number) - (s[i] as number);
      trend.set(fit.trend);
    }
  }
  const adjusted = new Float64Array(n);
  for (let i = 0; i < n; i++) adjusted[i] = y[i] === y[i] ? (deseason[i] as number) : Number.NaN;
  return { periods, seasonals, trend, adjusted };
}
