/**
 * The open chunk is a Redis string of fixed 16-byte records (t, v as big-endian doubles): appending
 * is one APPEND, and the close check needs only the length. Doubles keep t exact up to 2^53 ms.
 */
export const RECORD_BYTES = 16;

export function encodeRecords(t: ArrayLike<number>, v: ArrayLike<number>, from = 0, to = t.length): Buffer {
  const buf = Buffer.allocUnsafe((to - from) * RECORD_BYTES);
  for (let i = from, off = 0; i < to; i++, off += RECORD_BYTES) {
    buf.writeDoubleBE(t[i]!, off);
    buf.writeDoubleBE(v[i]!, off + 8);
  }
  return buf;
}

export function decodeRecords(buf: Uint8Array): { t: Float64Array; v: Float64Array; n: number } {
  const n = Math.floor(buf.length / RECORD_BYTES);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = view.getFloat64(i * RECORD_BYTES);
    v[i] = view.getFloat64(i * RECORD_BYTES + 8);
  }
  return { t, v, n };
}

/** A Buffer view of encoder output, without copying. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
