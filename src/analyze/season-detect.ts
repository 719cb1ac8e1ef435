/**
 * Which seasonal periods a series has, from its spacing and its own autocorrelation. The calendar
 * proposes the candidates: the hour (for data at 5 minutes or finer), the day, the week. The primary
 * one (season.ts: the day for sub-daily data, else the week) is kept whenever the data covers two of
 * its cycles, as before: the model selection judges whether it helps. Every other period must also
 * cover two full cycles and show in the autocorrelation, tested after the shorter periods' profiles
 * and the trend are taken out (a weekly lag repeats a daily cycle by itself), against the bound of the
 * M4 competition's seasonality test (90%, Bartlett's variance).
 */
import { movingAverageTrendFast } from './decompose.js';
import { fitLine } from './linear-fit.js';
import { DAY, HOUR, WEEK, minPointsForSeason, primaryPeriod, stepsIn } from './season.js';
import { normalQuantile } from './stats.js';

const Z90 = normalQuantile(0.95);
/** Most lags summed for Bartlett's variance. */
const BARTLETT_LAGS = 64;
/** Smallest autocorrelation at the period that counts as a cycle, however long the series. */
const MIN_AUTOCORRELATION = 0.1;
/** An hourly cycle is only looked for when an hour holds at least this many samples. */
const MIN_STEPS_PER_HOUR = 12;

/**
 * Autocorrelation at `lag` of a series with missing values (NaN pairs skipped), about its mean: the
 * usual estimator (divided by the total sum of squares), or with `perPair` the mean product per pair
 * over the variance, which does not shrink towards zero when the lag is a large share of the series.
 */
export function autocorrelation(x: Float64Array, lag: number, mean: number, ss: number, count: number, perPair = false): number {
  let sum = 0;
  let pairs = 0;
  for (let i = lag; i < x.length; i++) {
    const a = x[i] as number;
    const b = x[i - lag] as number;
    if (a === a && b === b) {
      sum += (a - mean) * (b - mean);
      pairs++;
    }
  }
  if (!perPair) return sum / ss;
  return pairs > 0 ? sum / pairs / (ss / count) : 0;
}

function moments(x: Float64Array): { mean: number; ss: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v === v) {
      sum += v;
      count++;
    }
  }
  const mean = count > 0 ? sum / count : 0;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v === v) ss += (v - mean) * (v - mean);
  }
  return { mean, ss, count };
}

/**
 * Whether lag m stands out in the autocorrelation of x: r_m above 0.1 and above 1.645 sd of Bartlett's
 * variance (1 + 2 Σ r_k²) / n, the sum running over the short lags up to where the autocorrelation
 * first falls to zero (at most BARTLETT_LAGS). The M4 test sums every lag below m, which is right for
 * m ≤ 12 but, at m = 336, charges the smooth short-term memory of half-hourly data hundreds of times.
 */
export function seasonalLagSignificant(x: Float64Array, m: number): boolean {
  const { mean, ss, count } = moments(x);
  if (!(ss > 0) || count < 2 * m) return false;
  const rm = autocorrelation(x, m, mean, ss, count, true);
  if (rm < MIN_AUTOCORRELATION) return false;
  let sum2 = 0;
  for (let k = 1; k < Math.min(m, BARTLETT_LAGS + 1); k++) {
    const r = autocorrelation(x, k, mean, ss, count);
    if (r <= 0) break;
    sum2 += r * r;
  }
  return rm > Z90 * Math.sqrt((1 + 2 * sum2) / Math.max(1, count - m));
}

/** Calendar periods (in samples) the spacing offers, ascending. */
export function calendarPeriods(stepMs: number): number[] {
  const out: number[] = [];
  const hour = stepsIn(HOUR, stepMs);
  if (hour !== null && hour >= MIN_STEPS_PER_HOUR) out.push(hour);
  for (const cycle of [DAY, WEEK]) {
    const k = stepsIn(cycle, stepMs);
    if (k !== null) out.push(k);
  }
  return out;
}

function countObserved(y: Float64Array): number {
  let c = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === y[i]) c++;
  return c;
}

/**
 * The series less its trend: a centred moving average over one period, or a straight line when that
 * average would leave fewer than two cycles to test (its ends are undefined for half a period each).
 */
function detrend(y: Float64Array, m: number): Float64Array {
  if (y.length >= 4 * m) {
    const trend = movingAverageTrendFast(y, m);
    return y.map((v, i) => v - (trend[i] as number));
  }
  const { intercept, slope } = fitLine(
    Float64Array.from(y, (_, i) => i),
    y,
  );
  return y.map((v, i) => v - intercept - slope * i);
}

/** Mean detrended value per phase, centred on zero (missing values skipped). */
function phaseProfile(x: Float64Array, m: number): Float64Array {
  const sums = new Float64Array(m);
  const counts = new Int32Array(m);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v !== v) continue;
    sums[i % m] = (sums[i % m] as number) + v;
    counts[i % m] = (counts[i % m] as number) + 1;
  }
  let total = 0;
  for (let k = 0; k < m; k++) {
    sums[k] = (counts[k] as number) > 0 ? (sums[k] as number) / (counts[k] as number) : 0;
    total += sums[k] as number;
  }
  for (let k = 0; k < m; k++) sums[k] = (sums[k] as number) - total / m;
  return sums;
}

/**
 * The seasonal periods of y (ascending), for data spaced stepMs apart. Empty when the spacing is
 * unknown or no period has two cycles of data.
 */
export function detectSeasons(y: Float64Array, stepMs: number | null): number[] {
  if (stepMs === null) return [];
  const nobs = countObserved(y);
  const primary = primaryPeriod(stepMs);
  const candidates = calendarPeriods(stepMs).filter((m) => y.length >= 2 * m && nobs >= minPointsForSeason(m));
  const kept: number[] = [];
  // What the next (longer) period is tested on: the series without the kept periods' profiles.
  let rest = y;
  for (const m of candidates) {
    const detrended = detrend(rest, m);
    if (m !== primary && !seasonalLagSignificant(detrended, m)) continue;
    kept.push(m);
    const profile = phaseProfile(detrended, m);
    rest = rest.map((v, i) => v - (profile[i % m] as number));
  }
  return kept;
}
