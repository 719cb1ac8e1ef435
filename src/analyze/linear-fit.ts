/** Least squares for the few-column regressions the initial-state heuristics need. */

/** Straight line through (x, y) pairs, NaN y skipped. Returns intercept (value at x = 0) and slope. */
export function fitLine(xs: ArrayLike<number>, ys: ArrayLike<number>): { intercept: number; slope: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i] as number;
    if (y !== y) continue;
    n++;
    sx += xs[i] as number;
    sy += y;
  }
  if (n === 0) return { intercept: Number.NaN, slope: 0 };
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i] as number;
    if (y !== y) continue;
    const dx = (xs[i] as number) - mx;
    sxx += dx * dx;
    sxy += dx * (y - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { intercept: my - slope * mx, slope };
}

/**
 * Ordinary least squares y ~ X (columns given as arrays), NaN rows skipped, via normal equations
 * and Gaussian elimination with partial pivoting. Columns that are (near) collinear get coefficient 0,
 * as R's lm drops aliased columns.
 */
export function leastSquares(columns: ReadonlyArray<ArrayLike<number>>, ys: ArrayLike<number>): number[] {
  const k = columns.length;
  const a: number[][] = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i] as number;
    if (y !== y) continue;
    for (let r = 0; r < k; r++) {
      const row = a[r] as number[];
      const xr = (columns[r] as ArrayLike<number>)[i] as number;
      for (let c = 0; c < k; c++) row[c] = (row[c] as number) + xr * ((columns[c] as ArrayLike<number>)[i] as number);
      row[k] = (row[k] as number) + xr * y;
    }
  }
  const active = new Array<boolean>(k).fill(true);
  for (let col = 0; col < k; col++) {
    let pivot = -1;
    let best = 1e-10 * Math.max(1, Math.abs((a[col] as number[])[col] as number));
    for (let r = col; r < k; r++) {
      const v = Math.abs((a[r] as number[])[col] as number);
      if (v > best) {
        best = v;
        pivot = r;
      }
    }
    if (pivot < 0) {
      active[col] = false;
      continue;
    }
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const prow = a[col] as number[];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const row = a[r] as number[];
      const factor = (row[col] as number) / (prow[col] as number);
      if (factor === 0) continue;
      for (let c = col; c <= k; c++) row[c] = (row[c] as number) - factor * (prow[c] as number);
    }
  }
  return a.map((row, i) => (active[i] ? (row[k] as number) / (row[i] as number) : 0));
}
