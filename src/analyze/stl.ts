/**
 * STL: seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae & Terpenning 1990), the
 * non-robust form R's stats::stl runs by default (two inner passes, no robustness iterations), with
 * its defaults for the trend and low-pass windows. The series must be complete (no NaN): callers
 * fill gaps first (see mstl.ts).
 */
import { loessAt, loessSmooth, movingAverage } from './loess.js';

export type StlOptions = {
  period: number;
  /** Seasonal smoothing window (odd, ≥ 3): the number of cycles each seasonal value is smoothed over. */
  sWindow: number;
  /** Trend window; default R's nextodd(ceil(1.5 period / (1 - 1.5 / sWindow))). */
  tWindow?: number;
  /** Degree of the seasonal smoothing across cycles: 0 (R's default) or 1 (follows a seasonal shape that drifts). */
  sDegree?: 0 | 1;
  inner?: number;
};

export type Stl = { seasonal: Float64Array; trend: Float64Array };

const nextOdd = (x: number): number => {
  const k = Math.round(x);
  return k % 2 === 0 ? k + 1 : k;
};

export function stlTrendWindow(period: number, sWindow: number): number {
  return nextOdd(Math.ceil((1.5 * period) / (1 - 1.5 / sWindow)));
}

/** Cycle-subseries smoothing: each phase's values smoothed across cycles and extended by one cycle at both ends. */
function cycleSubseries(
  w: Float64Array,
  n: number,
  np: number,
  ns: number,
  degree: 0 | 1,
  out: Float64Array,
  scratch: Pick<StlScratch, 'sub' | 'fit' | 'wts'>,
): void {
  const { sub, fit, wts } = scratch;
  const jump = Math.ceil(ns / 10);
  for (let j = 0; j < np; j++) {
    const k = Math.floor((n - 1 - j) / np) + 1;
    for (let i = 0; i < k; i++) sub[i] = w[i * np + j] as number;
    loessSmooth(sub, k, ns, degree, jump, fit, wts);
    const first = loessAt(sub, k, ns, degree, -1, 0, Math.min(ns, k) - 1, wts);
    const last = loessAt(sub, k, ns, degree, k, Math.max(0, k - ns), k - 1, wts);
    out[j] = first === first ? first : (fit[0] as number);
    for (let i = 0; i < k; i++) out[(i + 1) * np + j] = fit[i] as number;
    out[(k + 1) * np + j] = last === last ? last : (fit[k - 1] as number);
  }
}

/** Working arrays of one STL size (series length and period), reusable across calls (MSTL iterates). */
export type StlScratch = {
  n: number;
  np: number;
  seasonal: Float64Array;
  trend: Float64Array;
  w: Float64Array;
  c: Float64Array;
  ma1: Float64Array;
  ma2: Float64Array;
  low: Float64Array;
  lowSmooth: Float64Array;
  sub: Float64Array;
  fit: Float64Array;
  wts: Float64Array;
};

const scratches = new Map<string, StlScratch>();
/** At most this many sizes kept: a forecast decomposes a few lengths (the series, each validation origin's history). */
const MAX_SCRATCHES = 8;

/**
 * Working arrays for an STL of n values with period np, reused across calls of the same size (one
 * thread runs one STL at a time): a multi-seasonal forecast runs about two dozen STLs, and allocating
 * their arrays afresh was a tenth of its time in garbage collection.
 */
export function createStlScratch(n: number, np: number): StlScratch {
  const key = `${n}:${np}`;
  const cached = scratches.get(key);
  if (cached) return cached;
  if (scratches.size >= MAX_SCRATCHES) scratches.delete(scratches.keys().next().value as string);
  const scratch = newScratch(n, np);
  scratches.set(key, scratch);
  return scratch;
}

function newScratch(n: number, np: number): StlScratch {
  const cycles = Math.ceil(n / np) + 2;
  return {
    n,
    np,
    seasonal: new Float64Array(n),
    trend: new Float64Array(n),
    w: new Float64Array(n),
    c: new Float64Array(n + 2 * np),
    ma1: new Float64Array(n + np + 1),
    ma2: new Float64Array(n + 2),
    low: new Float64Array(n),
    lowSmooth: new Float64Array(n),
    sub: new Float64Array(cycles),
    fit: new Float64Array(cycles),
    wts: new Float64Array(n + 2 * np),
  };
}

/** STL of y; the result's arrays belong to `scratch` when one is given (copy them before its next use). */
export function stl(y: Float64Array, options: StlOptions, given?: StlScratch): Stl {
  const n = y.length;
  const np = options.period;
  const ns = Math.max(3, nextOdd(options.sWindow));
  const nt = options.tWindow ?? stlTrendWindow(np, ns);
  const nl = nextOdd(np);
  const inner = options.inner ?? 2;
  const scratch = given && given.n === n && given.np === np ? given : createStlScratch(n, np);
  const { seasonal, trend, w, c, ma1, ma2, low, lowSmooth } = scratch;
  trend.fill(0);
  for (let pass = 0; pass < inner; pass++) {
    for (let i = 0; i < n; i++) w[i] = (y[i] as number) - (trend[i] as number);
    cycleSubseries(w, n, np, ns, options.sDegree ?? 0, c, scratch);
    // Low-pass filter of the cycle-subseries: MA(np), MA(np), MA(3), then loess.
    movingAverage(c, n + 2 * np, np, ma1);
    movingAverage(ma1, n + np + 1, np, ma2);
    movingAverage(ma2, n + 2, 3, low);
    loessSmooth(low, n, nl, 1, Math.ceil(nl / 10), lowSmooth, scratch.wts);
    for (let i = 0; i < n; i++) {
      seasonal[i] = (c[np + i] as number) - (lowSmooth[i] as number);
      w[i] = (y[i] as number) - (seasonal[i] as number);
    }
    loessSmooth(w, n, nt, 1, Math.ceil(nt / 10), trend, scratch.wts);
  }
  return { seasonal, trend };
}
