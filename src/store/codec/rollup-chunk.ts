import { encodeFloats, findDecimalForm } from './float-column.js';
import { MAX_ABS_INT } from './int-stream.js';
import { concatBytes, encodeIntColumn, writeLeb } from './int-column.js';

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
export type DecodedRollups = RollupColumns & {
  t: Float64Array;
  count: Float64Array;
  min: Float64Array;
  max: Float64Array;
  sum: Float64Array;
  last: Float64Array;
  scale: number;
};

export const RollupLayout = { SharedDecimal: 0, Independent: 1 } as const;

/**
 * Layout: tag, n, resolution in seconds, bucket index column (t / resolution: consecutive buckets
 * cost ~0 bits), count column, then the four statistics. When all four share one decimal form they
 * are stored as min and the non-negative offsets max-min, last-min, sum-count*min: those are small
 * (the spread inside a bucket) and exactly 0 for single-sample buckets, which backfilled data at
 * 5-minute spacing is made of. Otherwise each statistic is its own float column.
 */
export function encodeRollupChunk(r: RollupColumns, resolutionMs: number): Uint8Array {
  const n = r.n;
  for (const col of [r.t, r.count, r.min, r.max, r.sum, r.last]) if (col.length !== n) throw new RangeError('rollup columns differ in length');
  const head: number[] = [ROLLUP_CHUNK_TAG];
  writeLeb(head, n);
  writeLeb(head, resolutionMs / 1000);
  const idx = new Float64Array(n);
  for (let i = 0; i < n; i++) idx[i] = r.t[i]! / resolutionMs;
  const parts = [Uint8Array.from(head), encodeIntColumn(idx), encodeIntColumn(r.count)];
  const shared = sharedDecimal(r);
  if (shared !== null) {
    const h: number[] = [RollupLayout.SharedDecimal, shared.scale];
    writeLeb(h, shared.factor);
    parts.push(Uint8Array.from(h), ...shared.columns.map((c) => encodeIntColumn(c)));
  } else {
    parts.push(Uint8Array.from([RollupLayout.Independent]));
    for (const col of [r.min, r.max, r.sum, r.last]) parts.push(encodeFloats(col).bytes);
  }
  return concatBytes(parts);
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
