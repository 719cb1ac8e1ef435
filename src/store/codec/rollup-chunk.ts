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

/**
 * A minute-tier window with a quarter-hour summary in front: tag, summary length, the summary (a
 * rollup chunk of 15-minute buckets), then the window's own rollup chunk. A query whose step is a
 * multiple of 15 minutes (7 days: 15 min; 30 days: 1 h) reads 96 buckets a day instead of 1440.
 * Windows written before this layout have no summary and are read bucket by bucket.
 */
export const ROLLUP_SUMMARY_TAG = 0x04;
export const SUMMARY_MS = 15 * 60_000;

export function encodeRollupWindow(r: RollupColumns, resolutionMs: number): Uint8Array {
  const main = encodeRollupChunk(r, resolutionMs);
  if (r.n === 0 || resolutionMs >= SUMMARY_MS || SUMMARY_MS % resolutionMs !== 0) return main;
  const summary = encodeRollupChunk(summarize(r), SUMMARY_MS);
  const head: number[] = [ROLLUP_SUMMARY_TAG];
  writeLeb(head, summary.length);
  return concatBytes([Uint8Array.from(head), summary, main]);
}

/** Buckets merged into quarter hours as the tiers merge: counts and sums add, min, max, latest last. */
function summarize(r: RollupColumns): RollupColumns {
  // Sums of decimal sums are decimal too: rounding to the same scale removes only float error.
  const scale = findDecimalForm(r.sum)?.scale ?? -1;
  const out = { t: [] as number[], count: [] as number[], min: [] as number[], max: [] as number[], sum: [] as number[], last: [] as number[] };
  for (let i = 0; i < r.n; i++) {
    const q = Math.floor(r.t[i]! / SUMMARY_MS) * SUMMARY_MS;
    const j = out.t.length - 1;
    if (j < 0 || out.t[j] !== q) {
      out.t.push(q);
      out.count.push(r.count[i]!);
      out.min.push(r.min[i]!);
      out.max.push(r.max[i]!);
      out.sum.push(r.sum[i]!);
      out.last.push(r.last[i]!);
      continue;
    }
    out.count[j] = out.count[j]! + r.count[i]!;
    if (r.min[i]! < out.min[j]!) out.min[j] = r.min[i]!;
    if (r.max[i]! > out.max[j]!) out.max[j] = r.max[i]!;
    out.sum[j] = snapSum(out.sum[j]! + r.sum[i]!, scale);
    out.last[j] = r.last[i]!;
  }
  return { n: out.t.length, ...out };
}

function snapSum(x: number, scale: number): number {
  if (scale < 0) return x;
  const p = 10 ** scale;
  const y = x * p;
  return Math.abs(y) < 2 ** 52 ? Math.round(y) / p : x;
}
