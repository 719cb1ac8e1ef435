/**
 * Bounded Nelder-Mead with restarts. Trial points are projected onto the box [lower, upper]; a restart
 * rebuilds a full-size simplex around the best point, which re-opens a simplex that collapsed onto a
 * bound and guards against the premature convergence plain Nelder-Mead is known for.
 */
export type NelderMeadInput = {
  f: (x: Float64Array) => number;
  x0: ArrayLike<number>;
  /** Initial simplex edge per coordinate. */
  steps: ArrayLike<number>;
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  maxEvals?: number;
  /** Converged when f(worst) - f(best) <= absTol + relTol * |f(best)|. */
  relTol?: number;
  absTol?: number;
  /** Extra runs from the best point after convergence, while they keep improving. */
  restarts?: number;
};

export type NelderMeadResult = { x: Float64Array; fx: number; evals: number };

export function nelderMead(input: NelderMeadInput): NelderMeadResult {
  const { f, steps } = input;
  const d = input.x0.length;
  const lower = input.lower ?? new Float64Array(d).fill(Number.NEGATIVE_INFINITY);
  const upper = input.upper ?? new Float64Array(d).fill(Number.POSITIVE_INFINITY);
  const maxEvals = input.maxEvals ?? 200 * (d + 1);
  const relTol = input.relTol ?? 1e-8;
  const absTol = input.absTol ?? 0;
  let evals = 0;
  const clamp = (x: Float64Array): Float64Array => {
    for (let j = 0; j < d; j++) x[j] = Math.min(upper[j] as number, Math.max(lower[j] as number, x[j] as number));
    return x;
  };
  const evaluate = (x: Float64Array): number => {
    evals++;
    const v = f(clamp(x));
    return v === v ? v : Number.POSITIVE_INFINITY;
  };
  const best = clamp(Float64Array.from(input.x0));
  let bestF = evaluate(best);
  if (d === 0) return { x: best, fx: bestF, evals };

  const pts = Array.from({ length: d + 1 }, () => new Float64Array(d));
  const vals = new Float64Array(d + 1);
  const centroid = new Float64Array(d);
  const trial = new Float64Array(d);
  const trial2 = new Float64Array(d);
  const runOnce = (): void => {
    (pts[0] as Float64Array).set(best);
    vals[0] = bestF;
    for (let i = 1; i <= d; i++) {
      const p = pts[i] as Float64Array;
      p.set(best);
      const j = i - 1;
      const step = steps[j] as number;
      // Step inward when the outward vertex would sit on (or past) the bound.
      const up = (best[j] as number) + step;
      p[j] = up <= (upper[j] as number) ? up : (best[j] as number) - step;
      vals[i] = evaluate(p);
    }
    while (evals < maxEvals) {
      let lo = 0;
      let hi = 0;
      for (let i = 1; i <= d; i++) {
        if ((vals[i] as number) < (vals[lo] as number)) lo = i;
        if ((vals[i] as number) > (vals[hi] as number)) hi = i;
      }
      let second = lo;
      for (let i = 0; i <= d; i++) if (i !== hi && (vals[i] as number) > (vals[second] as number)) second = i;
      const fLo = vals[lo] as number;
      const fHi = vals[hi] as number;
      if (fHi - fLo <= absTol + relTol * Math.abs(fLo)) break;
      centroid.fill(0);
      for (let i = 0; i <= d; i++) {
        if (i === hi) continue;
        const p = pts[i] as Float64Array;
        for (let j = 0; j < d; j++) centroid[j] = (centroid[j] as number) + (p[j] as number) / d;
      }
      const worst = pts[hi] as Float64Array;
      for (let j = 0; j < d; j++) trial[j] = 2 * (centroid[j] as number) - (worst[j] as number);
      const fr = evaluate(trial);
      if (fr < fLo) {
        for (let j = 0; j < d; j++) trial2[j] = 3 * (centroid[j] as number) - 2 * (worst[j] as number);
        const fe = evaluate(trial2);
        if (fe < fr) {
          worst.set(trial2);
          vals[hi] = fe;
        } else {
          worst.set(trial);
          vals[hi] = fr;
        }
        continue;
      }
      if (fr < (vals[second] as number)) {
        worst.set(trial);
        vals[hi] = fr;
        continue;
      }
      // Contract: outside if the reflection beat the worst point, inside otherwise.
      const outside = fr < fHi;
      for (let j = 0; j < d; j++) {
        const c = centroid[j] as number;
        trial2[j] = outside ? c + 0.5 * ((trial[j] as number) - c) : c + 0.5 * ((worst[j] as number) - c);
      }
      const fc = evaluate(trial2);
      if (fc < (outside ? fr : fHi)) {
        worst.set(trial2);
        vals[hi] = fc;
        continue;
      }
      const pl = pts[lo] as Float64Array;
      for (let i = 0; i <= d; i++) {
        if (i === lo) continue;
        const p = pts[i] as Float64Array;
        for (let j = 0; j < d; j++) p[j] = (pl[j] as number) + 0.5 * ((p[j] as number) - (pl[j] as number));
        vals[i] = evaluate(p);
      }
    }
    let lo = 0;
    for (let i = 1; i <= d; i++) if ((vals[i] as number) < (vals[lo] as number)) lo = i;
    if ((vals[lo] as number) < bestF) {
      bestF = vals[lo] as number;
      best.set(pts[lo] as Float64Array);
    }
  };
  runOnce();
  for (let r = 0; r < (input.restarts ?? 0) && evals < maxEvals; r++) {
    const before = bestF;
    runOnce();
    if (!(before - bestF > absTol + relTol * Math.abs(bestF))) break;
  }
  return { x: best, fx: bestF, evals };
}
