/** Small numeric helpers shared by the engine. Missing values are NaN and are skipped. */

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === v) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

export function variance(values: ArrayLike<number>): number {
  const mu = mean(values);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === v) {
      sum += (v - mu) * (v - mu);
      count++;
    }
  }
  return count < 2 ? 0 : sum / (count - 1);
}

/** k-th smallest (0-based) of a[lo..hi], reordering that range in place (Hoare quickselect, O(n)). */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const pivot = a[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

/**
 * Several quantiles (R type 7, linear interpolation) of `a`, which is reordered. The order statistics
 * are selected in increasing rank, each within the part right of the previous one, so k quantiles cost
 * far less than k full selections or a sort.
 */
export function quantilesInPlace(a: Float64Array, probs: ReadonlyArray<number>, out: Float64Array): void {
  const n = a.length;
  const ranks: number[] = [];
  for (const p of probs) {
    const pos = p * (n - 1);
    ranks.push(Math.floor(pos), Math.min(n - 1, Math.floor(pos) + 1));
  }
  const sorted = Array.from(new Set(ranks)).sort((x, y) => x - y);
  const value = new Map<number, number>();
  let lo = 0;
  for (const r of sorted) {
    value.set(r, selectInPlace(a, r, lo, n - 1));
    lo = r + 1;
  }
  probs.forEach((p, i) => {
    const pos = p * (n - 1);
    const f = Math.floor(pos);
    const below = value.get(f) as number;
    out[i] = pos === f ? below : below + (pos - f) * ((value.get(Math.min(n - 1, f + 1)) as number) - below);
  });
}

/** One quantile (R type 7) of `a`, which is reordered. */
export function quantileInPlace(a: Float64Array, p: number): number {
  if (a.length === 0) return Number.NaN;
  const out = new Float64Array(1);
  quantilesInPlace(a, [p], out);
  return out[0] as number;
}

/** Median of the finite values (NaN skipped); NaN when there are none. */
export function median(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) count++;
  if (count === 0) return Number.NaN;
  const finite = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === v) finite[j++] = v;
  }
  return quantileInPlace(finite, 0.5);
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const tail = (q: number): number => (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** Converts `(number | null)[]` to a Float64Array with NaN for missing, the engine's internal form. */
export function toFloat64(values: ArrayLike<number | null>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v;
  }
  return out;
}
