import { encodeRawChunk } from './codec/raw-chunk.js';
import type { StoreContext } from './context.js';
import { APPEND, CLOSE } from './lua/append-scripts.js';
import { asArray, asBuffer, asNumber, runScript, type ScriptArg } from './lua/run-script.js';
import { RECORD_BYTES, decodeRecords, toBuffer } from './records.js';
import type { SeriesBatch } from './group-points.js';

/** Lua's unpack() has a stack limit; a batch this size stays far below it. */
const MAX_SERIES_PER_CALL = 500;

/**
 * The live path: one script call per host snapshot (~40-200 points, one per series). Returns how
 * many series were new to the host.
 */
export async function appendSnapshot(ctx: StoreContext, host: string, batches: readonly SeriesBatch[]): Promise<number> {
  const keys = ctx.keys(host);
  let fresh = 0;
  for (let start = 0; start < batches.length; start += MAX_SERIES_PER_CALL) {
    const part = batches.slice(start, start + MAX_SERIES_PER_CALL);
    const openKeys = part.map((b) => keys.open(b.name));
    let lo = Infinity;
    let hi = -Infinity;
    for (const b of part) {
      lo = Math.min(lo, b.t[0]!);
      hi = Math.max(hi, b.t[b.t.length - 1]!);
    }
    const args = [ctx.chunkSize * RECORD_BYTES, Buffer.byteLength(keys.open('')), packBatches(part), String(lo), String(hi)];
    const reply = asArray(await runScript(ctx.redis, APPEND, [keys.state, keys.mark, ...openKeys], args));
    fresh += asNumber(reply[0]);
    const full = asArray(reply[1]);
    const toClose: Array<{ name: string; buf: Buffer }> = [];
    for (let i = 0; i < full.length; i += 2) {
      const buf = asBuffer(full[i + 1]);
      const batch = part[asNumber(full[i])];
      if (buf !== null && batch !== undefined) toClose.push({ name: batch.name, buf });
    }
    if (toClose.length > 0) await closeBuffers(ctx, host, toClose);
  }
  return fresh;
}

/** Per series: count (u32 BE) then its records; the script parses it with struct.unpack. */
function packBatches(part: readonly SeriesBatch[]): Buffer {
  let size = 0;
  for (const b of part) size += 4 + b.t.length * RECORD_BYTES;
  const buf = Buffer.allocUnsafe(size);
  let off = 0;
  for (const b of part) {
    buf.writeUInt32BE(b.t.length, off);
    off += 4;
    for (let i = 0; i < b.t.length; i++, off += RECORD_BYTES) {
      buf.writeDoubleBE(b.t[i]!, off);
      buf.writeDoubleBE(b.v[i]!, off + 8);
    }
  }
  return buf;
}

/**
 * Encodes full open chunks and swaps them for closed ones. A buffer closes whole (threshold plus
 * whatever the last batch added): the chunk is then never split mid-batch and needs no re-read.
 */
export async function closeBuffers(ctx: StoreContext, host: string, list: ReadonlyArray<{ name: string; buf: Buffer }>): Promise<number> {
  const keys = ctx.keys(host);
  const k: string[] = [keys.state];
  const a: ScriptArg[] = [];
  for (const { name, buf } of list) {
    const r = decodeRecords(buf);
    if (r.n === 0) continue;
    k.push(keys.open(name), keys.chunks(name));
    a.push(name, buf.subarray(0, RECORD_BYTES), r.n * RECORD_BYTES, String(r.t[r.n - 1]), toBuffer(encodeRawChunk(r.t, r.v)));
  }
  if (a.length === 0) return 0;
  return asNumber(await runScript(ctx.redis, CLOSE, k, a));
}
