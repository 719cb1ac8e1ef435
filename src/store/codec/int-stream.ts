import type { BitReader } from './bit-reader.js';
import { bitWidth, type BitWriter } from './bit-writer.js';
import { unpackBlocks } from './int-unpack.js';
import { unzigzag, zigzag } from './zigzag.js';

/**
 * Integers are bit-packed in blocks, each block with its own width. 16 was measured against 8 and 32
 * on realistic metrics (bench/store.ts): 8 pays too much per-block header, 32 lets one burst widen
 * too many neighbours.
 */
export const BLOCK = 16;

/** Inputs must stay below this so deltas, their offsets and zigzag all stay exact doubles. */
export const MAX_ABS_INT = 2 ** 49;

/**
 * Four predictors, picked per stream by encoded size:
 * - FOR (frame of reference): x - min. Best for noise around a level (CPU %, temperatures).
 * - DELTA: x[i] - x[i-1] - c with c the median step. Best for steady counters, slowly growing
 *   disk usage, and timestamps whose scheduler drifts.
 * - DOD (delta of delta): for series whose step itself changes smoothly.
 * - LINEAR: x[i] - i * slope - base. Best for timestamps of a scheduler that fires on a fixed grid
 *   with independent jitter: residuals span the jitter once, where deltas span it twice.
 * Sizes are computed from per-block maxima in one pass; only the winner's residuals are written.
 */
const Mode = { For: 0, Delta: 1, Dod: 2, Linear: 3 } as const;

export function encodeInts(w: BitWriter, xs: ArrayLike<number>, blockSize = BLOCK): void {
  const n = xs.length;
  if (n === 0) return;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    if (!Number.isSafeInteger(x) || Math.abs(x) >= MAX_ABS_INT) throw new RangeError(`not an integer in range: ${x}`);
  }
  const a = analyze(xs, blockSize);
  const forCost = 2 + varCost(zigzag(a.forMin)) + blocksCost(a.forMax, n, 0, blockSize, a.forMin);
  const linOk = Math.abs(a.linMin) < MAX_ABS_INT * 4 && a.linMaxAll - a.linMin < MAX_ABS_INT * 4;
  const linCost = linOk ? 2 + varCost(zigzag(a.linMin)) + varCost(zigzag(a.slope)) + blocksCost(a.linMax, n, 0, blockSize, a.linMin) : Infinity;
  const deltaCost = 2 + varCost(zigzag(xs[0]!)) + varCost(zigzag(a.step)) + blocksCost(a.deltaMax, n, 1, blockSize, 0);
  const dodCost = n < 2 ? Infinity : 2 + varCost(zigzag(xs[0]!)) + varCost(zigzag(xs[1]! - xs[0]!)) + blocksCost(a.dodMax, n, 2, blockSize, 0);
  const best = Math.min(forCost, linCost, deltaCost, dodCost);
  if (best === forCost) {
    w.write(Mode.For, 2);
    w.writeVarUint(zigzag(a.forMin));
    writeBlocks(w, { n, from: 0, blockSize, maxima: a.forMax, base: a.forMin }, (i) => xs[i]! - a.forMin);
  } else if (best === linCost) {
    w.write(Mode.Linear, 2);
    w.writeVarUint(zigzag(a.linMin));
    w.writeVarUint(zigzag(a.slope));
    writeBlocks(w, { n, from: 0, blockSize, maxima: a.linMax, base: a.linMin }, (i) => xs[i]! - i * a.slope - a.linMin);
  } else if (best === deltaCost) {
    w.write(Mode.Delta, 2);
    w.writeVarUint(zigzag(xs[0]!));
    w.writeVarUint(zigzag(a.step));
    writeBlocks(w, { n, from: 1, blockSize, maxima: a.deltaMax, base: 0 }, (i) => zigzag(xs[i]! - xs[i - 1]! - a.step));
  } else {
    w.write(Mode.Dod, 2);
    w.writeVarUint(zigzag(xs[0]!));
    w.writeVarUint(zigzag(xs[1]! - xs[0]!));
    writeBlocks(w, { n, from: 2, blockSize, maxima: a.dodMax, base: 0 }, (i) => zigzag(xs[i]! - 2 * xs[i - 1]! + xs[i - 2]!));
  }
}

type Analysis = {
  step: number;
  slope: number;
  forMin: number;
  linMin: number;
  linMaxAll: number;
  forMax: Float64Array;
  linMax: Float64Array;
  deltaMax: Float64Array;
  dodMax: Float64Array;
};

/** Block maxima of every predictor's residuals (FOR and LINEAR before subtracting their minimum). */
function analyze(xs: ArrayLike<number>, blockSize: number): Analysis {
  const n = xs.length;
  const nb = Math.ceil(n / blockSize);
  const step = sampledMedianStep(xs);
  const slope = n < 2 ? 0 : Math.round((xs[n - 1]! - xs[0]!) / (n - 1));
  const forMax = new Float64Array(nb).fill(-Infinity);
  const linMax = new Float64Array(nb).fill(-Infinity);
  const deltaMax = new Float64Array(nb);
  const dodMax = new Float64Array(nb);
  let forMin = Infinity;
  let linMin = Infinity;
  let linMaxAll = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const b = (i / blockSize) | 0;
    if (x < forMin) forMin = x;
    if (x > forMax[b]!) forMax[b] = x;
    const lin = x - i * slope;
    if (lin < linMin) linMin = lin;
    if (lin > linMax[b]!) linMax[b] = lin;
    if (lin > linMaxAll) linMaxAll = lin;
    if (i >= 1) {
      const prev = xs[i - 1]!;
      const bd = ((i - 1) / blockSize) | 0;
      const z = zigzag(x - prev - step);
      if (z > deltaMax[bd]!) deltaMax[bd] = z;
      if (i >= 2) {
        const bdd = ((i - 2) / blockSize) | 0;
        const zz = zigzag(x - 2 * prev + xs[i - 2]!);
        if (zz > dodMax[bdd]!) dodMax[bdd] = zz;
      }
    }
  }
  return { step, slope, forMin, linMin, linMaxAll, forMax, linMax, deltaMax, dodMax };
}

/**
 * Median of the steps, from at most 31 evenly spaced samples: robust to a gap (an outage) the way
 * a mean is not, without sorting every delta of every chunk.
 */
export function sampledMedianStep(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return 0;
  const k = Math.min(31, n - 1);
  const picks = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const i = 1 + Math.floor((j * (n - 1)) / k);
    picks[j] = xs[i]! - xs[i - 1]!;
  }
  picks.sort();
  return picks[k >> 1]!;
}

function varCost(v: number): number {
  return 6 + bitWidth(v);
}

/** Bits of the blocks holding residuals from..n-1, given each block's maximum minus `base`. */
function blocksCost(maxima: Float64Array, n: number, from: number, blockSize: number, base: number): number {
  let bits = 0;
  const count = n - from;
  for (let b = 0; b * blockSize < count; b++) {
    const len = Math.min(blockSize, count - b * blockSize);
    bits += 6 + bitWidth(maxima[b]! - base) * len;
  }
  return bits;
}

type BlockPlan = { n: number; from: number; blockSize: number; maxima: Float64Array; base: number };

function writeBlocks(w: BitWriter, p: BlockPlan, residual: (i: number) => number): void {
  const count = p.n - p.from;
  for (let b = 0; b * p.blockSize < count; b++) {
    const start = p.from + b * p.blockSize;
    const end = Math.min(p.n, start + p.blockSize);
    const width = bitWidth(p.maxima[b]! - p.base);
    w.write(width, 6);
    if (width === 0) continue;
    for (let i = start; i < end; i++) w.write(residual(i), width);
  }
}

export function decodeInts(r: BitReader, n: number, out: Float64Array, blockSize = BLOCK): void {
  if (n === 0) return;
  const mode = r.readSmall(2);
  if (mode === Mode.For || mode === Mode.Linear) {
    const base = unzigzag(r.readVarUint());
    const slope = mode === Mode.Linear ? unzigzag(r.readVarUint()) : 0;
    unpackBlocks(r, out, { from: 0, n, blockSize, mode: Mode.For, a: base, b: slope });
    return;
  }
  if (mode === Mode.Delta) {
    out[0] = unzigzag(r.readVarUint());
    const step = unzigzag(r.readVarUint());
    unpackBlocks(r, out, { from: 1, n, blockSize, mode: Mode.Delta, a: out[0], b: step });
    return;
  }
  out[0] = unzigzag(r.readVarUint());
  if (n === 1) return;
  const delta = unzigzag(r.readVarUint());
  out[1] = out[0] + delta;
  unpackBlocks(r, out, { from: 2, n, blockSize, mode: Mode.Dod, a: out[1], b: delta });
}
