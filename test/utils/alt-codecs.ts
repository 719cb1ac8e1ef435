import { BitWriter } from '../../src/store/codec/bit-writer.js';
import { findDecimalForm } from '../../src/store/codec/float-column.js';
import { writeLeb } from '../../src/store/codec/int-column.js';
import { encodeXor } from '../../src/store/codec/xor-column.js';
import { zigzag } from '../../src/store/codec/zigzag.js';

/**
 * Encoders the chosen format was measured against (sizes only; nothing reads these back).
 * Gorilla: delta-of-delta timestamps in the paper's prefix buckets and XOR values.
 */
export function gorillaChunkBytes(t: ArrayLike<number>, v: ArrayLike<number>): number {
  const w = new BitWriter();
  w.writeVarUint(t[0]!);
  if (t.length > 1) w.writeVarUint(zigzag(t[1]! - t[0]!));
  for (let i = 2; i < t.length; i++) {
    const dod = t[i]! - 2 * t[i - 1]! + t[i - 2]!;
    if (dod === 0) {
      w.write(0, 1);
    } else if (dod >= -63 && dod <= 64) {
      w.write(0b10, 2);
      w.write(dod + 63, 7);
    } else if (dod >= -255 && dod <= 256) {
      w.write(0b110, 3);
      w.write(dod + 255, 9);
    } else if (dod >= -2047 && dod <= 2048) {
      w.write(0b1110, 4);
      w.write(dod + 2047, 12);
    } else {
      w.write(0b1111, 4);
      w.write(zigzag(dod), 32);
    }
  }
  const ts = w.finish().length;
  const vw = new BitWriter();
  encodeXor(vw, v);
  return ts + vw.finish().length;
}

/** Byte-aligned alternative: zigzag LEB128 of timestamp delta-of-delta and of scaled-integer deltas. */
export function varintChunkBytes(t: ArrayLike<number>, v: ArrayLike<number>): number {
  const out: number[] = [];
  writeLeb(out, t[0]!);
  for (let i = 1; i < t.length; i++) {
    const d = i === 1 ? t[1]! - t[0]! : t[i]! - 2 * t[i - 1]! + t[i - 2]!;
    writeLeb(out, zigzag(d));
  }
  const dec = findDecimalForm(v);
  if (dec === null) return out.length + 8 * v.length;
  out.push(dec.scale);
  writeLeb(out, dec.factor);
  let prev = 0;
  for (const x of dec.ints) {
    writeLeb(out, zigzag(x - prev));
    prev = x;
  }
  return out.length;
}
