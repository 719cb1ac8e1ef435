/**
 * Prediction-band quantiles of simulated paths, once per forecast step: the hot spot of simulated
 * intervals. The wanted order statistics sit in the tails, so values beyond mean ∓ 1.1 sd (about 14%
 * of each tail for a normal-like spread, more than the 10% needed) are copied out and only those small
 * buffers are searched. When a tail is too thin (a skewed distribution) it falls back to selecting on
 * the whole column. Results equal R's type-7 quantiles of the column either way.
 */
import { selectInPlace } from './stats.js';

const CUT_SD = 1.1;

/** Order statistics `ranks` (ascending, distinct, within [0, len)) of buf[0..len), into out[0..]. */
function selectRanks(buf: Float64Array, len: number, ranks: Int32Array, out: Float64Array): void {
  let lo = 0;
  let prev = -2;
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i] as number;
    if (r === prev + 1) {
      // The order statistic right after a selected one is the minimum of what lies right of it.
      let at = r;
      for (let j = r + 1; j < len; j++) if ((buf[j] as number) < (buf[at] as number)) at = j;
      const t = buf[r] as number;
      buf[r] = buf[at] as number;
      buf[at] = t;
      out[i] = buf[r] as number;
    } else {
      out[i] = selectInPlace(buf, r, lo, len - 1);
    }
    lo = r + 1;
    prev = r;
  }
}

export type BandQuantiler = (col: Float64Array, out: Float64Array) => void;

/**
 * A quantile function for columns of n values and fixed probabilities (each below or above 0.5),
 * with all buffers and rank tables allocated once: it runs for every forecast step.
 */
export function createBandQuantiler(n: number, probs: ReadonlyArray<number>): BandQuantiler {
  const floorRank = probs.map((p) => Math.floor(p * (n - 1)));
  const frac = probs.map((p, i) => p * (n - 1) - (floorRank[i] as number));
  const ranksOf = (low: boolean): Int32Array =>
    Int32Array.from(new Set(probs.flatMap((p, i) => (p < 0.5 === low ? [floorRank[i] as number, Math.min((floorRank[i] as number) + 1, n - 1)] : [])))).sort();
  const lowRanks = ranksOf(true);
  const highRanks = ranksOf(false);
  const allRanks = Int32Array.from(new Set([...lowRanks, ...highRanks])).sort();
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  const whole = new Float64Array(n);
  const lowVals = new Float64Array(lowRanks.length);
  const highVals = new Float64Array(highRanks.length);
  const allVals = new Float64Array(allRanks.length);
  const shifted = new Int32Array(highRanks.length);
  // Where each probability's two order statistics land: in the tail buffers, or in the fallback.
  const slot = (r: number, useAll: boolean): number => {
    if (useAll) return allRanks.indexOf(r);
    const li = lowRanks.indexOf(r);
    return li >= 0 ? li : lowRanks.length + highRanks.indexOf(r);
  };
  const tailSlots = probs.map((_, i) => [slot(floorRank[i] as number, false), slot(Math.min((floorRank[i] as number) + 1, n - 1), false)] as const);
  const allSlots = probs.map((_, i) => [slot(floorRank[i] as number, true), slot(Math.min((floorRank[i] as number) + 1, n - 1), true)] as const);
  const tailVals = new Float64Array(lowRanks.length + highRanks.length);
  return (col, out) => {
    let sum = 0;
    let sumSq = 0;
    for (let j = 0; j < n; j++) {
      const v = col[j] as number;
      sum += v;
      sumSq += v * v;
    }
    const mean = sum / n;
    const sd = Math.sqrt(Math.max(sumSq / n - mean * mean, 0));
    const lowCut = mean - CUT_SD * sd;
    const highCut = mean + CUT_SD * sd;
    let nLow = 0;
    let nHigh = 0;
    for (let j = 0; j < n; j++) {
      const v = col[j] as number;
      if (v <= lowCut) low[nLow++] = v;
      else if (v >= highCut) high[nHigh++] = v;
    }
    const lowOk = sd > 0 && (lowRanks.length === 0 || (lowRanks[lowRanks.length - 1] as number) < nLow);
    const highOk = sd > 0 && (highRanks.length === 0 || (highRanks[0] as number) >= n - nHigh);
    const useAll = !lowOk || !highOk;
    if (useAll) {
      whole.set(col);
      selectRanks(whole, n, allRanks, allVals);
    } else {
      selectRanks(low, nLow, lowRanks, lowVals);
      for (let i = 0; i < highRanks.length; i++) shifted[i] = (highRanks[i] as number) - (n - nHigh);
      selectRanks(high, nHigh, shifted, highVals);
    }
    if (!useAll) {
      tailVals.set(lowVals, 0);
      tailVals.set(highVals, lowRanks.length);
    }
    const vals = useAll ? allVals : tailVals;
    const slots = useAll ? allSlots : tailSlots;
    for (let i = 0; i < probs.length; i++) {
      const [a, b] = slots[i] as readonly [number, number];
      const below = vals[a] as number;
      const fr = frac[i] as number;
      out[i] = fr === 0 ? below : below + fr * ((vals[b] as number) - below);
    }
  };
}
