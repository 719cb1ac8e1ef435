/**
 * Classic Holt-Winters as R's stats::HoltWinters: start values from a classical decomposition of the
 * first `startPeriods` seasons (level and trend from a line through the moving-average trend, seasonal
 * figure as start indices), filtering from the second season on, and (α, β, γ) minimising the SSE of
 * one-step errors in [0, 1]³ from R's start (0.3, 0.1, 0.1). R uses L-BFGS-B; the bounded Nelder-Mead
 * with restarts reaches the same optimum. Kept for reproducing published results; forecastSeries
 * uses the ETS family.
 */
import { decompose } from './decompose.js';
import { fitLine } from './linear-fit.js';
import { nelderMead } from './nelder-mead.js';

export type ClassicHoltWintersInput = {
  values: ReadonlyArray<number>;
  period: number;
  seasonal?: 'additive' | 'multiplicative';
  startPeriods?: number;
};

export type ClassicHoltWintersResult = {
  alpha: number;
  beta: number;
  gamma: number;
  sse: number;
  /** Final level, trend and the next `period` seasonal indices (R's coefficients a, b, s1..sm). */
  level: number;
  trend: number;
  seasonal: number[];
  predict(horizon: number): number[];
};

type Start = { l: number; b: number; s: Float64Array };

function startValues(x: Float64Array, f: number, mult: boolean, startPeriods: number): Start {
  const head = x.subarray(0, startPeriods * f);
  const { trend, figure } = decompose(head, f, mult ? 'multiplicative' : 'additive');
  const dat = Array.from(trend).filter((v) => v === v);
  const { intercept, slope } = fitLine(
    dat.map((_, i) => i + 1),
    dat,
  );
  return { l: intercept, b: slope, s: figure };
}

function filter(x: Float64Array, f: number, mult: boolean, start: Start, a: number, b: number, g: number, keep?: Start): number {
  let level = start.l;
  let trend = start.b;
  const s = keep ? keep.s : Float64Array.from(start.s);
  let sse = 0;
  for (let i = f; i < x.length; i++) {
    const k = i % f;
    const st = s[k] as number;
    const xhat = mult ? (level + trend) * st : level + trend + st;
    const xi = x[i] as number;
    sse += (xi - xhat) * (xi - xhat);
    const newLevel = a * (mult ? xi / st : xi - st) + (1 - a) * (level + trend);
    trend = b * (newLevel - level) + (1 - b) * trend;
    s[k] = g * (mult ? xi / newLevel : xi - newLevel) + (1 - g) * st;
    level = newLevel;
  }
  if (keep) {
    keep.l = level;
    keep.b = trend;
  }
  return sse;
}

export function classicHoltWinters(input: ClassicHoltWintersInput): ClassicHoltWintersResult {
  const f = input.period;
  const mult = input.seasonal === 'multiplicative';
  const x = Float64Array.from(input.values);
  const startPeriods = input.startPeriods ?? 2;
  if (!(f >= 2) || x.length < Math.max(startPeriods, 2) * f + 1) {
    throw new RangeError(`classicHoltWinters needs more than ${startPeriods} full periods of ${f}`);
  }
  const start = startValues(x, f, mult, startPeriods);
  const res = nelderMead({
    f: (p) => filter(x, f, mult, start, p[0] as number, p[1] as number, p[2] as number),
    x0: [0.3, 0.1, 0.1],
    steps: [0.1, 0.1, 0.1],
    lower: [0, 0, 0],
    upper: [1, 1, 1],
    relTol: 1e-10,
    restarts: 5,
    maxEvals: 5000,
  });
  const [alpha = 0, beta = 0, gamma = 0] = res.x;
  const final: Start = { l: 0, b: 0, s: Float64Array.from(start.s) };
  const sse = filter(x, f, mult, start, alpha, beta, gamma, final);
  // Seasonal indices in forecast order: s1 is the phase of the step after the last observation.
  const seasonal = Array.from({ length: f }, (_, h) => final.s[(x.length + h) % f] as number);
  return {
    alpha,
    beta,
    gamma,
    sse,
    level: final.l,
    trend: final.b,
    seasonal,
    predict: (horizon) =>
      Array.from({ length: horizon }, (_, h) => {
        const base = final.l + (h + 1) * final.b;
        const s = seasonal[h % f] as number;
        return mult ? base * s : base + s;
      }),
  };
}
