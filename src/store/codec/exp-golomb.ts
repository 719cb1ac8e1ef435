import { CorruptChunkError, type BitReader } from './bit-reader.js';
import { POW2, bitWidth, type BitWriter } from './bit-writer.js';

/**
 * Exponential-Golomb codes of order k for non-negative integers below 2^48: x + 2^k written in
 * w bits after w - k - 1 zero bits. Small values take k + 1 bits, and a rare large one grows by two
 * bits per doubling instead of widening a whole block, which suits scheduler jitter: mostly a few
 * ms, now and then a hundred.
 */
const MAX_BITS = 49;

export function expGolombBits(x: number, k: number): number {
  return 2 * bitWidth(x + POW2[k]!) - k - 1;
}

/** The order 0..16 that codes all of `xs` in the fewest bits, and that many bits. */
export function bestExpGolombOrder(xs: ArrayLike<number>): { k: number; bits: number } {
  let best = { k: 0, bits: Infinity };
  for (let k = 0; k <= 16; k++) {
    let bits = 0;
    for (let i = 0; i < xs.length; i++) bits += expGolombBits(xs[i]!, k);
    if (bits < best.bits) best = { k, bits };
  }
  return best;
}

export function writeExpGolomb(w: BitWriter, x: number, k: number): void {
  const y = x + POW2[k]!;
  const width = bitWidth(y);
  w.write(0, width - k - 1);
  w.write(y, width);
}

export function readExpGolomb(r: BitReader, k: number): number {
  let zeros = 0;
  while (r.readBit() === 0) {
    zeros += 1;
    if (zeros + k >= MAX_BITS) throw new CorruptChunkError('exp-Golomb code too long');
  }
  // The leading 1 was consumed: the rest of y is zeros + k bits.
  const rest = zeros + k;
  return POW2[rest]! + r.read(rest) - POW2[k]!;
}
