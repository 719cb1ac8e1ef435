/**
 * Classical decomposition as R's stats::decompose: centred moving-average trend, seasonal figure as the
 * mean detrended value at each position (counted from the first observation), normalised to sum 0
 * (additive) or average 1 (multiplicative). Missing values (NaN) are skipped, never treated as zeros.
 */
export type SeasonKind = 'additive' | 'multiplicative';

export type Decomposition = { trend: Float64Array; figure: Float64Array };

export function movingAverageTrend(y: Float64Array, m: number): Float64Array {
  const n = y.length;
  const trend = new Float64Array(n).fill(Number.NaN);
  // Even periods use the 2×m MA (half weights at both ends), as R does, so the window stays centred.
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  for (let i = half; i < n - half; i++) {
    let sum = 0;
    let ok = true;
    for (let j = -half; j <= half; j++) {
      const v = y[i + j] as number;
      if (v !== v) {
        ok = false;
        break;
      }
      sum += even && (j === -half || j === half) ? 0.5 * v : v;
    }
    if (ok) trend[i] = sum / m;
  }
  return trend;
}

/** O(n) running-sum variant for long periods (m in the hundreds), where the direct sum would dominate. */
export function movingAverageTrendFast(y: Float64Array, m: number): Float64Array {
  const n = y.length;
  const trend = new Float64Array(n).fill(Number.NaN);
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  const width = 2 * half + 1;
  if (n < width) return trend;
  // Prefix sums of values and of missing counts; NaN contributes 0 to the sum and 1 to the count.
  const sums = new Float64Array(n + 1);
  const gaps = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = y[i] as number;
    const missing = v !== v;
    sums[i + 1] = (sums[i] as number) + (missing ? 0 : v);
    gaps[i + 1] = (gaps[i] as number) + (missing ? 1 : 0);
  }
  for (let i = half; i < n - half; i++) {
    if ((gaps[i + half + 1] as number) - (gaps[i - half] as number) > 0) continue;
    let sum = (sums[i + half + 1] as number) - (sums[i - half] as number);
    if (even) sum -= 0.5 * ((y[i - half] as number) + (y[i + half] as number));
    trend[i] = sum / m;
  }
  return trend;
}

export function decompose(y: Float64Array, m: number, kind: SeasonKind): Decomposition {
  const trend = m > 48 ? movingAverageTrendFast(y, m) : movingAverageTrend(y, m);
  const sums = new Float64Array(m);
  const counts = new Int32Array(m);
  for (let i = 0; i < y.length; i++) {
    const t = trend[i] as number;
    const v = y[i] as number;
    if (t !== t || v !== v) continue;
    const detrended = kind === 'additive' ? v - t : v / t;
    if (detrended !== detrended || !Number.isFinite(detrended)) continue;
    const pos = i % m;
    sums[pos] = (sums[pos] as number) + detrended;
    counts[pos] = (counts[pos] as number) + 1;
  }
  const neutral = kind === 'additive' ? 0 : 1;
  const figure = new Float64Array(m);
  let total = 0;
  for (let k = 0; k < m; k++) {
    figure[k] = (counts[k] as number) > 0 ? (sums[k] as number) / (counts[k] as number) : neutral;
    total += figure[k] as number;
  }
  const avg = total / m;
  for (let k = 0; k < m; k++) {
    figure[k] = kind === 'additive' ? (figure[k] as number) - avg : (figure[k] as number) / avg;
  }
  return { trend, figure };
}
