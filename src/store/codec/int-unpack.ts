import { CorruptChunkError, type BitReader } from './bit-reader.js';
import { unzigzag } from './zigzag.js';

export type Unpack = { from: number; n: number; blockSize: number; mode: number; a: number; b: number };

/** Same numbering as int-stream.ts. */
const Mode = { For: 0, Delta: 1, Dod: 2 } as const;

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
export function unpackBlocks(r: BitReader, out: Float64Array, u: Unpack): void {
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
