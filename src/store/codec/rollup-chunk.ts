import { CorruptChunkError } from './bit-reader.js';
import { decodeFloats, encodeFloats, findDecimalForm } from './float-column.js';
import { MAX_ABS_INT } from './int-stream.js';
import { concatBytes, decodeIntColumn, encodeIntColumn, readLeb, writeLeb } from './int-column.js';

export const ROLLUP_CHUNK_TAG = 0x02;

/** Buckets of one series in one tier window, time-ordered. Bucket `t` is the bucket start. */
export type RollupColumns = {
  n: number;
  t: ArrayLike<number>;
  count: ArrayLike<number>;
  min: ArrayLike<number>;
  max: ArrayLike<number>;
  sum: ArrayLike<number>;
  last: ArrayLike<number>;
};

/** Decoded buckets; `scale` is the decimal scale of the sums (-1: no decimal form), for re-rounding. */
export type DecodedRollups = RollupColumns & { t: Float64Array; count: Float64Array; min: Float64Array; max: Float64Array; sum: Float64Array; last: Float64Array; scale: number };

const Layout = { SharedDecimal: 0, Independent: 1 } as const;

/**
 * Layout: tag, n, resolution in seconds, bucket index column (t / resolution: consecutive buckets
 * cost ~0 bits), count column, then the four statistics. When all four share one decimal form they
 * are stored as min and the non-negative offsets max-min, last-min, sum-count*min: those are small
 * (the spread inside a bucket) and exactly 0 for single-sample buckets, which backfilled data at
 * 5-minute spacing is made of. Otherwise each statistic is its own float column.
 */
export function encodeRollupChunk(r: RollupColumns, resolutionMs: number): Uint8Array {
  const n = r.n;
  const head: number[] = [ROLLUP_CHUNK_TAG];
  writeLeb(head, n);
  writeLeb(head, resolutionMs / 1000);
  const idx = new Float64Array(n);
  for (let i = 0; i < n; i++) idx[i] = r.t[i]! / resolutionMs;
  const parts = [Uint8Array.from(head), encodeIntColumn(idx), encodeIntColumn(slice(r.count, n))];
  const shared = sharedDecimal(r);
  if (shared !== null) {
    const h: number[] = [Layout.SharedDecimal, shared.scale];
    writeLeb(h, shared.factor);
    parts.push(Uint8Array.from(h), ...shared.columns.map((c) => encodeIntColumn(c)));
  } else {
    parts.push(Uint8Array.from([Layout.Independent]));
    for (const col of [r.min, r.max, r.sum, r.last]) parts.push(encodeFloats(slice(col, n)).bytes);
  }
  return concatBytes(parts);
}

function slice(col: ArrayLike<number>, n: number): Float64Array {
  return col instanceof Float64Array && col.length === n ? col : Float64Array.from({ length: n }, (_, i) => col[i]!);
}

function sharedDecimal(r: RollupColumns): { scale: number; factor: number; columns: Float64Array[] } | null {
  const n = r.n;
  const all = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    all[i] = r.min[i]!;
    all[n + i] = r.max[i]!;
    all[2 * n + i] = r.last[i]!;
    all[3 * n + i] = r.sum[i]!;
  }
  const dec = findDecimalForm(all);
  if (dec === null) return null;
  const x = dec.ints;
  const min = x.subarray(0, n);
  const spread = new Float64Array(n);
  const lastOff = new Float64Array(n);
  const sumOff = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    spread[i] = x[n + i]! - min[i]!;
    lastOff[i] = x[2 * n + i]! - min[i]!;
    sumOff[i] = x[3 * n + i]! - r.count[i]! * min[i]!;
    if (!(Math.abs(sumOff[i]!) < MAX_ABS_INT) || spread[i]! < 0 || lastOff[i]! < 0) return null;
  }
  return { scale: dec.scale, factor: dec.factor, columns: [Float64Array.from(min), spread, lastOff, sumOff] };
}

/**
 * Buckets with statistics in the chunk's integer domain: the real value of x is x * factor / divisor.
 * Range queries aggregate these integers and divide once per output bucket instead of four times per
 * stored bucket, which is most of the decoding cost. Columns without a decimal form come back as
 * doubles with factor = divisor = 1.
 */
export type ScaledRollups = Omit<DecodedRollups, 'scale'> & { factor: number; divisor: number; scale: number; resolutionMs: number };

export function decodeRollupChunkScaled(buf: Uint8Array): ScaledRollups {
  if (buf[0] !== ROLLUP_CHUNK_TAG) throw new CorruptChunkError(`not a rollup chunk (tag ${buf[0]})`);
  const { value: n, end: e1 } = readLeb(buf, 1);
  const { value: resSec, end: e2 } = readLeb(buf, e1);
  const resolutionMs = resSec * 1000;
  const t = new Float64Array(n);
  const count = new Float64Array(n);
  let pos = decodeIntColumn(buf, e2, n, t);
  for (let i = 0; i < n; i++) t[i] = t[i]! * resolutionMs;
  pos = decodeIntColumn(buf, pos, n, count);
  const min = new Float64Array(n);
  const max = new Float64Array(n);
  const sum = new Float64Array(n);
  const last = new Float64Array(n);
  const layout = buf[pos++];
  if (layout === Layout.Independent) {
    pos = decodeFloats(buf, pos, n, min).end;
    pos = decodeFloats(buf, pos, n, max).end;
    const sumCol = decodeFloats(buf, pos, n, sum);
    decodeFloats(buf, sumCol.end, n, last);
    return { n, t, count, min, max, sum, last, factor: 1, divisor: 1, scale: sumCol.scale, resolutionMs };
  }
  if (layout !== Layout.SharedDecimal) throw new CorruptChunkError(`unknown rollup layout ${layout}`);
  const scale = buf[pos++]!;
  if (scale > 9) throw new CorruptChunkError(`decimal scale ${scale} out of range`);
  const { value: factor, end } = readLeb(buf, pos);
  pos = decodeIntColumn(buf, end, n, min);
  pos = decodeIntColumn(buf, pos, n, max);
  pos = decodeIntColumn(buf, pos, n, last);
  decodeIntColumn(buf, pos, n, sum);
  for (let i = 0; i < n; i++) {
    const m = min[i]!;
    max[i] = max[i]! + m;
    last[i] = last[i]! + m;
    sum[i] = sum[i]! + count[i]! * m;
  }
  return { n, t, count, min, max, sum, last, factor, divisor: 10 ** scale, scale, resolutionMs };
}

/** Buckets as doubles, bit-exact to what was encoded. */
export function decodeRollupChunk(buf: Uint8Array): DecodedRollups & { resolutionMs: number } {
  const r = decodeRollupChunkScaled(buf);
  const { factor, divisor } = r;
  if (factor !== 1 || divisor !== 1) {
    // Same expression as float-column: (k * factor) / 10^scale, so values come back bit-exact.
    for (const col of [r.min, r.max, r.sum, r.last]) for (let i = 0; i < r.n; i++) col[i] = (col[i]! * factor) / divisor;
  }
  return { n: r.n, t: r.t, count: r.count, min: r.min, max: r.max, sum: r.sum, last: r.last, scale: r.scale, resolutionMs: r.resolutionMs };
}
