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

const kernels = new Map<number, Float64Array>();

/**
 * Normalised weights of a window of odd length `len` centred on the point estimated: the same for every
 * point whose window lies symmetric inside the series, where the local line's slope term cancels too, so
 * those estimates are one weighted sum (most of STL's cost otherwise).
 */
function centredKernel(len: number): Float64Array {
  let k = kernels.get(len);
  if (k !== undefined) return k;
  const half = (len - 1) / 2;
  const y = new Float64Array(len);
  const w = new Float64Array(len);
  loessAt(y, len, len, 0, half, 0, len - 1, w);
  k = Float64Array.from(w);
  if (kernels.size > 64) kernels.clear();
  kernels.set(len, k);
  return k;
}

/** The estimate at i of loessSmooth, into out[i]: a window of `len` neighbours, clamped to the series. */
function smoothAt(
  y: Float64Array,
  n: number,
  len: number,
  degree: 0 | 1,
  i: number,
  half: number,
  kernel: Float64Array | null,
  out: Float64Array,
  w: Float64Array,
): void {
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
  if (kernel !== null && i - left === right - i) {
    let v = 0;
    for (let j = left; j <= right; j++) v += (kernel[j - left] as number) * (y[j] as number);
    out[i] = v;
    return;
  }
  const v = loessAt(y, n, len, degree, i, left, right, w);
  out[i] = v === v ? v : (y[i] as number);
}

/** Loess smoothing of y[0..n) into out[0..n), evaluated every `jump` points and interpolated linearly. */
export function loessSmooth(y: Float64Array, n: number, len: number, degree: 0 | 1, jump: number, out: Float64Array, w: Float64Array): void {
  if (n < 2) {
    if (n === 1) out[0] = y[0] as number;
    return;
  }
  const half = (len + 1) >> 1;
  const kernel = len < n && len % 2 === 1 && len >= 3 ? centredKernel(len) : null;
  const step = Math.max(1, jump);
  for (let i = 0; i < n; i += step) smoothAt(y, n, len, degree, i, half, kernel, out, w);
  if (step === 1) return;
  let last = 0;
  for (let i = step; i < n; i += step) {
    const a = out[last] as number;
    const slope = ((out[i] as number) - a) / (i - last);
    for (let k = last + 1; k < i; k++) out[k] = a + slope * (k - last);
    last = i;
  }
  if (last !== n - 1) {
    smoothAt(y, n, len, degree, n - 1, half, kernel, out, w);
    const a = out[last] as number;
    const slope = ((out[n - 1] as number) - a) / (n - 1 - last);
    for (let k = last + 1; k < n - 1; k++) out[k] = a + slope * (k - last);
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
