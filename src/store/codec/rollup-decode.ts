import { BitReader, CorruptChunkError } from './bit-reader.js';
import { decodeFloats } from './float-column.js';
import { decodeIntColumn, readLeb } from './int-column.js';
import { ROLLUP_CHUNK_TAG, ROLLUP_SUMMARY_TAG, RollupLayout, type DecodedRollups } from './rollup-chunk.js';

/**
 * Buckets with statistics in the chunk's integer domain: the real value of x is x * factor / divisor.
 * With `offsets`, `max` and `last` hold offsets from `min` and `sum` the offset from count * min,
 * exactly as stored. Range queries aggregate these integers and divide once per answer bucket,
 * instead of undoing offsets and dividing four times per stored bucket: that was most of the cost
 * of a 7-day query. Columns without a decimal form come back as doubles, factor = divisor = 1.
 */
export type ScaledRollups = {
  n: number;
  t: Float64Array;
  count: Float64Array;
  min: Float64Array;
  max: Float64Array;
  sum: Float64Array;
  last: Float64Array;
  offsets: boolean;
  factor: number;
  divisor: number;
  /** Decimal scale of the sums, -1 when they have none. */
  scale: number;
  resolutionMs: number;
};

type Columns = Pick<ScaledRollups, 't' | 'count' | 'min' | 'max' | 'sum' | 'last'>;

/** Reused by range queries, which consume each decoded chunk before decoding the next. */
let scratch: Columns = allocate(0);

function allocate(n: number): Columns {
  const a = () => new Float64Array(n);
  return { t: a(), count: a(), min: a(), max: a(), sum: a(), last: a() };
}

/** The quarter-hour summary of a minute window (rollup-chunk.ts), null for windows without one. */
export function rollupSummary(buf: Uint8Array): Uint8Array | null {
  if (buf[0] !== ROLLUP_SUMMARY_TAG) return null;
  const { value: len, end } = readLeb(buf, 1);
  if (end + len > buf.length) throw new CorruptChunkError('rollup summary runs past the end of the chunk');
  return buf.subarray(end, end + len);
}

/** A window's own buckets: past the summary if it has one. */
function ownBuckets(buf: Uint8Array): Uint8Array {
  if (buf[0] !== ROLLUP_SUMMARY_TAG) return buf;
  const { value: len, end } = readLeb(buf, 1);
  return buf.subarray(end + len);
}

/** `reuse`: decode into module scratch arrays, valid until the next call with reuse. */
export function decodeRollupChunkScaled(whole: Uint8Array, reuse = false): ScaledRollups {
  const buf = ownBuckets(whole);
  if (buf[0] !== ROLLUP_CHUNK_TAG) throw new CorruptChunkError(`not a rollup chunk (tag ${buf[0]})`);
  const { value: n, end: e1 } = readLeb(buf, 1);
  const { value: resSec, end: e2 } = readLeb(buf, e1);
  const resolutionMs = resSec * 1000;
  if (reuse && scratch.t.length < n) scratch = allocate(Math.max(n, 2 * scratch.t.length));
  const { t, count, min, max, sum, last } = reuse ? scratch : allocate(n);
  const r = new BitReader(buf);
  let pos = decodeIntColumn(r, e2, n, t);
  for (let i = 0; i < n; i++) t[i] = t[i]! * resolutionMs;
  pos = decodeIntColumn(r, pos, n, count);
  const layout = buf[pos++];
  if (layout === RollupLayout.Independent) {
    pos = decodeFloats(r, pos, n, min).end;
    pos = decodeFloats(r, pos, n, max).end;
    const sumCol = decodeFloats(r, pos, n, sum);
    decodeFloats(r, sumCol.end, n, last);
    return { n, t, count, min, max, sum, last, offsets: false, factor: 1, divisor: 1, scale: sumCol.scale, resolutionMs };
  }
  if (layout !== RollupLayout.SharedDecimal) throw new CorruptChunkError(`unknown rollup layout ${layout}`);
  const scale = buf[pos++]!;
  if (scale > 9) throw new CorruptChunkError(`decimal scale ${scale} out of range`);
  const { value: factor, end } = readLeb(buf, pos);
  pos = decodeIntColumn(r, end, n, min);
  pos = decodeIntColumn(r, pos, n, max);
  pos = decodeIntColumn(r, pos, n, last);
  decodeIntColumn(r, pos, n, sum);
  return { n, t, count, min, max, sum, last, offsets: true, factor, divisor: 10 ** scale, scale, resolutionMs };
}

/** Buckets as doubles, bit-exact to what was encoded, in fresh arrays. */
export function decodeRollupChunk(buf: Uint8Array): DecodedRollups & { resolutionMs: number } {
  const r = decodeRollupChunkScaled(buf);
  const { n, factor, divisor, min, max, sum, last, count } = r;
  if (r.offsets) {
    for (let i = 0; i < n; i++) {
      const m = min[i]!;
      // Same expression as float-column: (k * factor) / 10^scale, so values come back bit-exact.
      max[i] = ((max[i]! + m) * factor) / divisor;
      last[i] = ((last[i]! + m) * factor) / divisor;
      sum[i] = ((sum[i]! + count[i]! * m) * factor) / divisor;
      min[i] = (m * factor) / divisor;
    }
  }
  return { n, t: r.t, count, min, max, sum, last, scale: r.scale, resolutionMs: r.resolutionMs };
}
