import { BitReader, CorruptChunkError } from './bit-reader.js';
import { decodeFloats, encodeFloats } from './float-column.js';
import { decodeGridTimes, encodeGridTimes } from './grid-times.js';
import { concatBytes, decodeIntColumn, encodeIntColumn, readLeb, writeLeb } from './int-column.js';

/**
 * First byte of every raw chunk, naming its layout; both are read, the smaller is written.
 * - 0x01 (the first format, still in users' Redis): timestamps as a block-packed integer column.
 * - 0x03: timestamps on a grid with exp-Golomb jitter (grid-times.ts).
 * The value column is the same in both.
 */
export const RAW_CHUNK_TAG = 0x01;
export const RAW_CHUNK_TAG_GRID = 0x03;

/** Samples of one series, time-ordered. `scale` is the value column's decimal scale, -1 for XOR. */
export type Samples = { t: Float64Array; v: Float64Array; n: number; scale: number };

/**
 * A closed raw chunk: tag, sample count, then the timestamp column and the value column, each
 * choosing its own predictor (see int-stream.ts, grid-times.ts and float-column.ts).
 */
export function encodeRawChunk(t: ArrayLike<number>, v: ArrayLike<number>): Uint8Array {
  if (t.length !== v.length) throw new RangeError('timestamps and values differ in length');
  const blocks = encodeIntColumn(t);
  const grid = encodeGridTimes(t);
  const useGrid = grid !== null && grid.length < blocks.length;
  const head: number[] = [useGrid ? RAW_CHUNK_TAG_GRID : RAW_CHUNK_TAG];
  writeLeb(head, t.length);
  return concatBytes([Uint8Array.from(head), useGrid ? grid : blocks, encodeFloats(v).bytes]);
}

export function decodeRawChunk(buf: Uint8Array): Samples {
  const tag = buf[0];
  if (tag !== RAW_CHUNK_TAG && tag !== RAW_CHUNK_TAG_GRID) throw new CorruptChunkError(`not a raw chunk (tag ${tag})`);
  const { value: n, end } = readLeb(buf, 1);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  const r = new BitReader(buf);
  const tEnd = tag === RAW_CHUNK_TAG_GRID && n > 0 ? decodeGridTimes(r, end, n, t) : decodeIntColumn(r, end, n, t);
  const { scale } = decodeFloats(r, tEnd, n, v);
  return { t, v, n, scale };
}
