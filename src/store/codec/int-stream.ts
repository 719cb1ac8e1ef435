import { CorruptChunkError, type BitReader } from './bit-reader.js';
import { bitWidth, type BitWriter } from './bit-writer.js';
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
 * Three predictors, picked per stream by encoded size:
 * - FOR (frame of reference): x - min. Best for noise around a level (CPU %, temperatures).
 * - DELTA: x[i] - x[i-1] - c with c the median step. Best for jittered timestamps (c = interval)
 *   and steady counters or slowly growing disk usage.
 * - DOD (delta of delta): for series whose step itself drifts smoothly.
 * - LINEAR: x[i] - i * slope - base. Best for timestamps of a scheduler that fires on a fixed grid
 *   with independent jitter: residuals span the jitter once, where deltas span it twice.
 */
const Mode = { For: 0, Delta: 1, Dod: 2, Linear: 3 } as const;
type Mode = (typeof Mode)[keyof typeof Mode];

export function encodeInts(w: BitWriter, xs: ArrayLike<number>, blockSize = BLOCK): void {
  const n = xs.length;
  if (n === 0) return;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    if (!Number.isSafeInteger(x) || Math.abs(x) >= MAX_ABS_INT) throw new RangeError(`not an integer in range: ${x}`);
  }
  const candidates = [forTransform(xs), deltaTransform(xs), dodTransform(xs), linearTransform(xs)];
  let best = candidates[0]!;
  let bestCost = cost(best, blockSize);
  for (let k = 1; k < candidates.length; k++) {
    const c = candidates[k];
    if (c === null || c === undefined) continue;
    const cc = cost(c, blockSize);
    if (cc < bestCost) {
      best = c;
      bestCost = cc;
    }
  }
  w.write(best.mode, 2);
  for (const h of best.header) w.writeVarUint(h);
  packBlocks(w, best.residuals, blockSize);
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

type Transformed = { mode: Mode; header: number[]; residuals: Float64Array };

function forTransform(xs: ArrayLike<number>): Transformed {
  let min = Infinity;
  for (let i = 0; i < xs.length; i++) min = Math.min(min, xs[i]!);
  const residuals = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) residuals[i] = xs[i]! - min;
  return { mode: Mode.For, header: [zigzag(min)], residuals };
}

function deltaTransform(xs: ArrayLike<number>): Transformed {
  const n = xs.length;
  const deltas = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) deltas[i - 1] = xs[i]! - xs[i - 1]!;
  const step = median(deltas);
  const residuals = deltas.map((d) => zigzag(d - step));
  return { mode: Mode.Delta, header: [zigzag(xs[0]!), zigzag(step)], residuals };
}

function dodTransform(xs: ArrayLike<number>): Transformed {
  const n = xs.length;
  if (n < 2) return { mode: Mode.Dod, header: [zigzag(xs[0]!)], residuals: new Float64Array(0) };
  const residuals = new Float64Array(Math.max(0, n - 2));
  for (let i = 2; i < n; i++) residuals[i - 2] = zigzag(xs[i]! - 2 * xs[i - 1]! + xs[i - 2]!);
  return { mode: Mode.Dod, header: [zigzag(xs[0]!), zigzag(xs[1]! - xs[0]!)], residuals };
}

function linearTransform(xs: ArrayLike<number>): Transformed | null {
  const n = xs.length;
  const slope = n < 2 ? 0 : Math.round((xs[n - 1]! - xs[0]!) / (n - 1));
  const residuals = new Float64Array(n);
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    residuals[i] = xs[i]! - i * slope;
    min = Math.min(min, residuals[i]!);
  }
  for (let i = 0; i < n; i++) {
    residuals[i] = residuals[i]! - min;
    // Long streams with a steep slope could leave exact-integer range; other modes still apply.
    if (residuals[i]! >= MAX_ABS_INT * 4 || Math.abs(min) >= MAX_ABS_INT * 4) return null;
  }
  return { mode: Mode.Linear, header: [zigzag(min), zigzag(slope)], residuals };
}

function median(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1]!;
}

function cost(t: Transformed, blockSize: number): number {
  let bits = 2;
  for (const h of t.header) bits += 6 + bitWidth(h);
  const u = t.residuals;
  for (let start = 0; start < u.length; start += blockSize) {
    const end = Math.min(u.length, start + blockSize);
    let max = 0;
    for (let i = start; i < end; i++) max = Math.max(max, u[i]!);
    bits += 6 + bitWidth(max) * (end - start);
  }
  return bits;
}

function packBlocks(w: BitWriter, u: Float64Array, blockSize: number): void {
  for (let start = 0; start < u.length; start += blockSize) {
    const end = Math.min(u.length, start + blockSize);
    let max = 0;
    for (let i = start; i < end; i++) max = Math.max(max, u[i]!);
    const width = bitWidth(max);
    w.write(width, 6);
    if (width === 0) continue;
    for (let i = start; i < end; i++) w.write(u[i]!, width);
  }
}

type Unpack = { from: number; n: number; blockSize: number; mode: Mode; a: number; b: number };

/** Integer-op unzigzag for the common small case; the double path handles up to 2^53. */
function fastUnzigzag(z: number): number {
  return z < 4294967296 ? (z >>> 1) ^ -(z & 1) : unzigzag(z);
}

/**
 * Reads the blocks of out[from..n) and undoes the predictor in the same pass. This is most of the
 * CPU time of a range query, so each predictor has its own tight loop reading 32-bit big-endian
 * windows through a DataView with the bit position in a local; blocks near the end of the buffer
 * or wider than 25 bits take the general path. For FOR/LINEAR `a` is the base and `b` the slope;
 * for DELTA `a` is the previous value and `b` the median step; for DOD `a` is the previous value
 * and `b` the last delta.
 */
function unpackBlocks(r: BitReader, out: Float64Array, u: Unpack): void {
  const view = r.view;
  // A 32-bit window starting at any bit position up to this one lies inside the buffer.
  const fastLimit = (r.buf.length - 4) * 8 + 7;
  const mode = u.mode;
  let pos = r.pos;
  let prev = u.a;
  let carry = u.b;
  for (let start = u.from; start < u.n; start += u.blockSize) {
    const end = Math.min(u.n, start + u.blockSize);
    const width = readBits(r, pos, 6, fastLimit);
    pos += 6;
    if (pos + width * (end - start) > r.endBit) throw new CorruptChunkError('block runs past the end of a chunk');
    if (width === 0) {
      // Constant residual 0: bucket indexes, counts, steady counters. No bits to read.
      if (mode === Mode.For) {
        for (let i = start; i < end; i++) out[i] = prev + i * carry;
      } else {
        for (let i = start; i < end; i++) {
          prev += carry;
          out[i] = prev;
        }
      }
      continue;
    }
    const shift = 32 - width;
    const fast = width <= 25 && pos + width * (end - start - 1) <= fastLimit;
    if (fast && mode === Mode.For) {
      for (let i = start; i < end; i++, pos += width) out[i] = ((view.getUint32(pos >>> 3) << (pos & 7)) >>> shift) + prev + i * carry;
      continue;
    }
    if (fast && mode === Mode.Delta) {
      for (let i = start; i < end; i++, pos += width) {
        const z = (view.getUint32(pos >>> 3) << (pos & 7)) >>> shift;
        prev = prev + carry + ((z >>> 1) ^ -(z & 1));
        out[i] = prev;
      }
      continue;
    }
    if (fast) {
      for (let i = start; i < end; i++, pos += width) {
        const z = (view.getUint32(pos >>> 3) << (pos & 7)) >>> shift;
        carry += (z >>> 1) ^ -(z & 1);
        prev += carry;
        out[i] = prev;
      }
      continue;
    }
    for (let i = start; i < end; i++, pos += width) {
      const z = readBits(r, pos, width, fastLimit);
      if (mode === Mode.For) {
        out[i] = z + prev + i * carry;
      } else if (mode === Mode.Delta) {
        prev = prev + carry + fastUnzigzag(z);
        out[i] = prev;
      } else {
        carry += fastUnzigzag(z);
        prev += carry;
        out[i] = prev;
      }
    }
  }
  r.pos = pos;
}

function readBits(r: BitReader, pos: number, width: number, fastLimit: number): number {
  if (width === 0) return 0;
  if (width <= 25 && pos <= fastLimit) return (r.view.getUint32(pos >>> 3) << (pos & 7)) >>> (32 - width);
  r.pos = pos;
  return r.read(width);
}
