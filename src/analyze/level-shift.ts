/**
 * Level shifts: a disk emptied by a cleanup, a log rotated. A shift is a step between consecutive
 * observations that is huge relative to the ordinary step-to-step noise (robust MAD scale) and that
 * persists: the median level after it differs from the median level before it (trend allowed for)
 * by most of the step. A spike that comes back is not a shift. With a seasonal period, a step that
 * recurs one season earlier or later is part of the pattern, not a shift.
 */
import { median } from './stats.js';

export type LevelShift = {
  /** Index of the first observation at the new level. */
  index: number;
  /** New level minus old level (signed). */
  size: number;
};

export type LevelShiftOptions = {
  /** Step size, in robust noise units (1.4826 × MAD of differences), that makes a candidate. */
  threshold?: number;
  /** Observations on each side used to confirm that the new level persists. */
  window?: number;
  season?: number;
  /** Several periods (daily and weekly): a step that recurs one cycle of any of them away is part of the pattern. */
  seasons?: number[];
};

/**
 * At most ~512 evenly strided values: the robust centre and scale need no more (the MAD of 512 values
 * is within about 5% of the full one, against a threshold of 10 MADs), and the two medians were most
 * of the detection's cost on week-long 5-minute series.
 */
function strided(a: Float64Array): Float64Array {
  const stride = Math.ceil(a.length / 512);
  if (stride <= 1) return a;
  const out = new Float64Array(Math.ceil(a.length / stride));
  for (let i = 0, j = 0; i < a.length; i += stride, j++) out[j] = a[i] as number;
  return out;
}

export function detectLevelShifts(y: Float64Array, options: LevelShiftOptions = {}): LevelShift[] {
  const threshold = options.threshold ?? 10;
  const window = options.window ?? 8;
  const periods = (options.seasons ?? [options.season ?? 1]).filter((p) => p >= 2);
  let n = 0;
  const idx = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) idx[n++] = i;
  if (n < 2 * window + 1) return [];
  const val = (j: number): number => y[idx[j] as number] as number;
  // Typical step per sample (the trend), then each step's deviation from it; a gap of k samples
  // is expected to move k typical steps.
  const perStep = new Float64Array(n - 1);
  for (let j = 1; j < n; j++) perStep[j - 1] = (val(j) - val(j - 1)) / ((idx[j] as number) - (idx[j - 1] as number));
  const center = median(strided(perStep));
  const diffs = new Float64Array(n - 1);
  const absDev = new Float64Array(n - 1);
  let sumAbsDev = 0;
  for (let j = 1; j < n; j++) {
    const d = val(j) - val(j - 1) - center * ((idx[j] as number) - (idx[j - 1] as number));
    diffs[j - 1] = d;
    absDev[j - 1] = Math.abs(d);
    sumAbsDev += Math.abs(d);
  }
  // Robust scale, floored at half the mean absolute deviation: quantised or noise-free series have a MAD
  // of (almost) zero, which would make every rounding error a "shift".
  const meanAbsDev = sumAbsDev / absDev.length;
  const scale = Math.max(1.4826 * median(strided(absDev)), 0.5 * meanAbsDev);
  if (!(scale > 0)) return [];
  // Step into each observed index (NaN where the previous observation is missing or absent).
  const diffAt = new Float64Array(y.length).fill(Number.NaN);
  for (let j = 1; j < n; j++) diffAt[idx[j] as number] = diffs[j - 1] as number;
  const recurs = (i: number, d: number): boolean => {
    for (const m of periods) {
      for (const at of [i - m - 1, i - m, i - m + 1, i + m - 1, i + m, i + m + 1]) {
        const other = diffAt[at];
        if (other !== undefined && other === other && Math.sign(other) === Math.sign(d) && Math.abs(other) >= 0.5 * Math.abs(d)) return true;
      }
    }
    return false;
  };
  const shifts: LevelShift[] = [];
  for (let j = 1; j < n; j++) {
    const d = diffs[j - 1] as number;
    if (Math.abs(d) < threshold * scale) continue;
    const before = Math.min(window, j);
    const after = Math.min(window, n - j);
    if (after < 3 || before < 3) continue;
    const pre: number[] = [];
    const post: number[] = [];
    for (let t = j - before; t < j; t++) pre.push(val(t));
    for (let t = j; t < j + after; t++) post.push(val(t));
    // Remove the ordinary drift between the two medians (center = typical step).
    const midPost = ((idx[j] as number) + (idx[j + after - 1] as number)) / 2;
    const midPre = ((idx[j - before] as number) + (idx[j - 1] as number)) / 2;
    const drift = center * (midPost - midPre);
    const size = median(post) - median(pre) - drift;
    if (Math.sign(size) !== Math.sign(d) || Math.abs(size) < 0.5 * Math.abs(d)) continue;
    if (recurs(idx[j] as number, d)) continue;
    shifts.push({ index: idx[j] as number, size: median(post) - median(pre) });
  }
  return shifts;
}
