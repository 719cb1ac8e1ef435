import { BitReader, CorruptChunkError } from './bit-reader.js';
import { decodeFloats, encodeFloats } from './float-column.js';
import { concatBytes, decodeIntColumn, encodeIntColumn, readLeb, writeLeb } from './int-column.js';

/** First byte of every raw chunk: lets a future format live next to this one. */
export const RAW_CHUNK_TAG = 0x01;

/** Samples of one series, time-ordered. `scale` is the value column's decimal scale, -1 for XOR. */
export type Samples = { t: Float64Array; v: Float64Array; n: number; scale: number };

/**
 * A closed raw chunk: tag, sample count, then the timestamp column and the value column, each
 * choosing its own predictor (see int-stream.ts and float-column.ts).
 */
export function encodeRawChunk(t: ArrayLike<number>, v: ArrayLike<number>): Uint8Array {
  if (t.length !== v.length) throw new RangeError('timestamps and values differ in length');
  const head: number[] = [RAW_CHUNK_TAG];
  writeLeb(head, t.length);
  return concatBytes([Uint8Array.from(head), encodeIntColumn(t), encodeFloats(v).bytes]);
}

export function decodeRawChunk(buf: Uint8Array): Samples {
  if (buf[0] !== RAW_CHUNK_TAG) throw new CorruptChunkError(`not a raw chunk (tag ${buf[0]})`);
  const { value: n, end } = readLeb(buf, 1);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  const r = new BitReader(buf);
  const tEnd = decodeIntColumn(r, end, n, t);
  const { scale } = decodeFloats(r, tEnd, n, v);
  return { t, v, n, scale };
}
