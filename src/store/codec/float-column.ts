import { CorruptChunkError, type BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';
import { MAX_ABS_INT, decodeInts, encodeInts } from './int-stream.js';
import { encodeXor, decodeXor } from './xor-column.js';
import { gcd } from './zigzag.js';

/** Metrics are recorded with a few decimals at most; 9 covers ratios rounded to parts per billion. */
const MAX_SCALE = 9;
const POW10: readonly number[] = Array.from({ length: MAX_SCALE + 1 }, (_, i) => 10 ** i);

/**
 * Above this many bits per value the decimal form is not obviously better than XOR, so both are
 * encoded and the smaller kept. Below it, XOR never wins on our data and would only cost time.
 */
const TRY_XOR_ABOVE_BITS = 24;

const Kind = { Decimal: 0, Xor: 1 } as const;

/** `scale` is the decimal exponent the column was stored with, or -1 when it fell back to XOR. */
export type EncodedColumn = { bytes: Uint8Array; scale: number };

export type DecimalForm = { scale: number; factor: number; ints: Float64Array };

/**
 * A column of doubles as scaled integers when every value is exactly k * factor / 10^scale:
 * "23.47" becomes 2347 and memory bytes in whole KiB become k * 1024. Exactness is checked with
 * the very expression the decoder uses, so the round trip is bit-exact or the column falls back.
 */
export function findDecimalForm(vs: ArrayLike<number>): DecimalForm | null {
  const n = vs.length;
  const ints = new Float64Array(n);
  for (let scale = 0; scale <= MAX_SCALE; scale++) {
    if (!fitsScale(vs, POW10[scale]!, ints)) continue;
    let factor = 0;
    for (let i = 0; i < n && factor !== 1; i++) factor = gcd(factor, Math.abs(ints[i]!));
    if (factor > 1) for (let i = 0; i < n; i++) ints[i] = ints[i]! / factor;
    return { scale, factor: Math.max(1, factor), ints };
  }
  return null;
}

function fitsScale(vs: ArrayLike<number>, p: number, ints: Float64Array): boolean {
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i]!;
    const x = Math.round(v * p);
    // NaN and infinities fail the range test; -0 would come back as +0, so it goes to XOR.
    if (!(Math.abs(x) < MAX_ABS_INT) || x / p !== v || Object.is(v, -0)) return false;
    ints[i] = x;
  }
  return true;
}

export function encodeFloats(vs: ArrayLike<number>): EncodedColumn {
  const dec = findDecimalForm(vs);
  if (dec === null) return { bytes: xorBytes(vs), scale: -1 };
  const w = new BitWriter();
  w.write(Kind.Decimal, 1);
  w.write(dec.scale, 4);
  w.writeVarUint(dec.factor);
  encodeInts(w, dec.ints);
  const bytes = w.finish();
  if (bytes.length * 8 <= vs.length * TRY_XOR_ABOVE_BITS) return { bytes, scale: dec.scale };
  const xor = xorBytes(vs);
  return xor.length < bytes.length ? { bytes: xor, scale: -1 } : { bytes, scale: dec.scale };
}

function xorBytes(vs: ArrayLike<number>): Uint8Array {
  const w = new BitWriter();
  w.write(Kind.Xor, 1);
  encodeXor(w, vs);
  return w.finish();
}

/** Decodes `n` values starting at byte `offset`; returns the column's scale and where it ended. */
export function decodeFloats(r: BitReader, offset: number, n: number, out: Float64Array): { scale: number; end: number } {
  r.seekByte(offset);
  if (n === 0) return { scale: 0, end: offset };
  if (r.readSmall(1) === Kind.Xor) {
    decodeXor(r, n, out);
    return { scale: -1, end: r.bytePosition };
  }
  const scale = r.readSmall(4);
  if (scale > MAX_SCALE) throw new CorruptChunkError(`decimal scale ${scale} out of range`);
  const factor = r.readVarUint();
  decodeInts(r, n, out);
  const p = POW10[scale]!;
  if (factor !== 1) for (let i = 0; i < n; i++) out[i] = out[i]! * factor;
  if (p !== 1) for (let i = 0; i < n; i++) out[i] = out[i]! / p;
  return { scale, end: r.bytePosition };
}
