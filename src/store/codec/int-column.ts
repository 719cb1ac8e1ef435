import { CorruptChunkError, type BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';
import { decodeInts, encodeInts } from './int-stream.js';

/** A byte-aligned integer column, so chunk containers can concatenate columns encoded apart. */
export function encodeIntColumn(xs: ArrayLike<number>): Uint8Array {
  const w = new BitWriter();
  encodeInts(w, xs);
  return w.finish();
}

export function decodeIntColumn(r: BitReader, offset: number, n: number, out: Float64Array): number {
  r.seekByte(offset);
  decodeInts(r, n, out);
  return r.bytePosition;
}

/** LEB128 unsigned varint for chunk headers. */
export function writeLeb(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

export function readLeb(buf: Uint8Array, offset: number): { value: number; end: number } {
  let value = 0;
  let mul = 1;
  let i = offset;
  for (;;) {
    const b = buf[i++];
    if (b === undefined) throw new CorruptChunkError('varint runs past the end of the chunk');
    value += (b & 0x7f) * mul;
    if (b < 0x80) return { value, end: i };
    mul *= 0x80;
  }
}

/** Joins byte-aligned parts into one chunk. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
