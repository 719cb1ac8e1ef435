/**
 * The local regressions STL is built from (Cleveland et al. 1990, as R's stl.f computes them): tricube
 * weights over a window of `len` neighbours, degree 0 (weighted mean) or 1 (weighted line), evaluated
 * every `jump` points with straight lines in between. Positions are 0-based here, 1-based in the paper.
 */

/**
 * The loess estimate at position xs (may lie outside [0, n)) from y[left..right], or NaN when every
 * weight is zero. `w` is scratch of at least n entries.
 */
export function loessAt(y: Float64Array, n: number, len: number, degree: 0 | 1, xs: number, left: number, right: number, w: Float64Array): number {
  let h = Math.max(xs - left, right - xs);
  if (len > n) h += Math.floor((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = left; j <= right; j++) {
    const r = Math.abs(j - xs);
    let wj = 0;
    if (r <= h9) {
      if (r <= h1) wj = 1;
      else {
        const q = r / h;
        const t = 1 - q * q * q;
        wj = t * t * t;
      }
    }
    w[j] = wj;
    a += wj;
  }
  if (!(a > 0)) return Number.NaN;
  for (let j = left; j <= right; j++) w[j] = (w[j] as number) / a;
  if (h > 0 && degree > 0) {
    let c1 = 0;
    for (let j = left; j <= right; j++) c1 += (w[j] as number) * j;
    const b0 = xs - c1;
    let c = 0;
    for (let j = left; j <= right; j++) c += (w[j] as number) * (j - c1) * (j - c1);
    if (Math.sqrt(c) > 0.001 * (n - 1)) {
      const b = b0 / c;
      for (let j = left; j <= right; j++) w[j] = (w[j] as number) * (b * (j - c1) + 1);
    }
  }
  let ys = 0;
  for (let j = left; j <= right; j++) ys += (w[j] as number) * (y[j] as number);
  return ys;
}

/** Loess smoothing of y[0..n) into out[0..n), evaluated every `jump` points and interpolated linearly. */
export function loessSmooth(y: Float64Array, n: number, len: number, degree: 0 | 1, jump: number, out: Float64Array, w: Float64Array): void {
  if (n < 2) {
    if (n === 1) out[0] = y[0] as number;
    return;
  }
  const half = (len + 1) >> 1;
  const at = (i: number): void => {
    let left: number;
    let right: number;
    if (len >= n) {
      left = 0;
      right = n - 1;
    } else if (i < half) {
      left = 0;
      right = len - 1;
    } else if (i >= n - half) {
      left = n - len;
      right = n - 1;
    } else {
      left = i - half + 1;
      right = i - half + len;
    }
    const v = loessAt(y, n, len, degree, i, left, right, w);
    out[i] = v === v ? v : (y[i] as number);
  };
  const step = Math.max(1, jump);
  for (let i = 0; i < n; i += step) at(i);
  if (step === 1) return;
  let last = 0;
  for (let i = step; i < n; i += step) {
    for (let k = last + 1; k < i; k++) out[k] = (out[last] as number) + (((out[i] as number) - (out[last] as number)) * (k - last)) / (i - last);
    last = i;
  }
  if (last !== n - 1) {
    at(n - 1);
    for (let k = last + 1; k < n - 1; k++) out[k] = (out[last] as number) + (((out[n - 1] as number) - (out[last] as number)) * (k - last)) / (n - 1 - last);
  }
}

/** Moving average of `len` points: out[i] = mean(x[i..i+len)), for i in [0, n - len]. */
export function movingAverage(x: Float64Array, n: number, len: number, out: Float64Array): void {
  let sum = 0;
  for (let i = 0; i < len; i++) sum += x[i] as number;
  out[0] = sum / len;
  for (let i = 1; i <= n - len; i++) {
    sum += (x[i + len - 1] as number) - (x[i - 1] as number);
    out[i] = sum / len;
  }
}
