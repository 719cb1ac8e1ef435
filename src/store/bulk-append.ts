import { encodeRawChunk } from './codec/raw-chunk.js';
import type { StoreContext } from './context.js';
import type { SeriesBatch } from './group-points.js';
import { BULK_WRITE } from './lua/append-scripts.js';
import { asNumber, runScript, type ScriptArg } from './lua/run-script.js';
import { decodeRecords, encodeRecords, toBuffer } from './records.js';

const MAX_ATTEMPTS = 5;
/** Series per read/write round: bounds how long one script keeps Redis busy with a long history. */
const SERIES_PER_CALL = 50;

/**
 * Many samples per series in one call (backfill, spool flush): chunks are encoded here and written
 * closed, so a 14-day history costs one read and one write per host instead of thousands of
 * APPENDs. The open chunk's records are folded into the first new chunk, which keeps the invariant
 * that the open chunk holds the newest samples. Returns how many series were new to the host.
 */
export async function appendBulk(ctx: StoreContext, host: string, batches: readonly SeriesBatch[]): Promise<number> {
  let fresh = 0;
  for (let i = 0; i < batches.length; i += SERIES_PER_CALL) fresh += await appendGroup(ctx, host, batches.slice(i, i + SERIES_PER_CALL));
  return fresh;
}

/** One read (MULTI) and one compare-and-set write (script) for a group of series of one host. */
async function appendGroup(ctx: StoreContext, host: string, batches: readonly SeriesBatch[]): Promise<number> {
  const keys = ctx.keys(host);
  const names = batches.map((b) => b.name);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const tx = ctx.redis.multi().hmget(keys.state, ...names);
    for (const n of names) tx.getBuffer(keys.open(n));
    const res = await tx.exec();
    if (res === null) continue;
    const lasts = res[0]?.[1];
    if (!Array.isArray(lasts)) throw new TypeError('unexpected HMGET reply');
    const writeKeys: string[] = [keys.state, keys.mark];
    const args: ScriptArg[] = [0, String(Math.max(...batches.map((b) => b.t[b.t.length - 1]!)))];
    let count = 0;
    batches.forEach((b, i) => {
      const stateRaw = lasts[i];
      const state = typeof stateRaw === 'string' ? stateRaw : '';
      const open = res[i + 1]?.[1];
      const openBuf = Buffer.isBuffer(open) ? open : Buffer.alloc(0);
      const plan = planSeries({ chunkSize: ctx.chunkSize, batch: b, state, openBuf });
      if (plan === null) return;
      count++;
      writeKeys.push(keys.open(b.name), keys.chunks(b.name));
      args.push(b.name, state, openBuf.length, plan.state, plan.rest, plan.chunks.length / 2, ...plan.chunks);
    });
    if (count === 0) return 0;
    args[0] = count;
    const fresh = asNumber(await runScript(ctx.redis, BULK_WRITE, writeKeys, args));
    if (fresh >= 0) return fresh;
  }
  throw new Error(`append for host kept conflicting with concurrent writers after ${MAX_ATTEMPTS} attempts`);
}

type Plan = { state: string; rest: Buffer; chunks: ScriptArg[] };

/**
 * Dedupe mark as in the APPEND script: the open chunk's last t, else the state entry (newest closed
 * t). The new state entry is the newest t written into a closed chunk.
 */
function planSeries(o: { chunkSize: number; batch: SeriesBatch; state: string; openBuf: Buffer }): Plan | null {
  const { chunkSize, batch: b } = o;
  const open = decodeRecords(o.openBuf);
  const lastT = open.n > 0 ? open.t[open.n - 1]! : o.state === '' ? -1 : Number(o.state);
  let first = 0;
  while (first < b.t.length && b.t[first]! <= lastT) first++;
  if (first === b.t.length) return null;
  const total = open.n + b.t.length - first;
  const t = new Float64Array(total);
  const v = new Float64Array(total);
  t.set(open.t);
  v.set(open.v);
  for (let i = first, j = open.n; i < b.t.length; i++, j++) {
    t[j] = b.t[i]!;
    v[j] = b.v[i]!;
  }
  const chunks: ScriptArg[] = [];
  let start = 0;
  for (; start + chunkSize <= total; start += chunkSize) {
    const end = start + chunkSize;
    chunks.push(String(t[end - 1]), toBuffer(encodeRawChunk(t.subarray(start, end), v.subarray(start, end))));
  }
  const state = start > 0 ? String(t[start - 1]) : o.state === '' ? '-1' : o.state;
  return { state, rest: encodeRecords(t, v, start, total), chunks };
}
