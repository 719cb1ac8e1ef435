import { encodeRollupWindow } from './codec/rollup-chunk.js';
import { decodeRollupChunk } from './codec/rollup-decode.js';
import type { StoreContext } from './context.js';
import { COMPACT_READ, COMPACT_WRITE } from './lua/compact-scripts.js';
import { asArray, asBuffer, asNumber, runScript, type ScriptArg } from './lua/run-script.js';
import { rawRuns } from './raw-samples.js';
import { toBuffer } from './records.js';
import { RollupBuilder } from './rollup-builder.js';
import { TIERS, type RollupTier } from './tiers.js';

/** Series per script call: bounds the reply size of a backfilled host and the time Redis is busy. */
const SERIES_PER_CALL = 50;
const MAX_ATTEMPTS = 3;

export type CompactResult = { rolledUp: number; trimmed: number };

/**
 * Rolls every raw sample newer than a series' rolled-up mark into the minute and hour tiers, then
 * trims. Samples of a series are strictly increasing (append drops t <= newest), so "newer than the
 * mark" is exactly "not rolled up yet": each sample lands in each tier once, however often or late
 * compaction runs, and the rollups reach the newest sample, so coarse tiers cover recent data too.
 */
export async function compactHost(ctx: StoreContext, host: string, now: number): Promise<CompactResult> {
  const names = await ctx.redis.hkeys(ctx.keys(host).state);
  const total: CompactResult = { rolledUp: 0, trimmed: 0 };
  for (let i = 0; i < names.length; i += SERIES_PER_CALL) {
    const part = names.slice(i, i + SERIES_PER_CALL);
    for (let attempt = 1; ; attempt++) {
      const r = await compactBatch(ctx, host, part, now);
      if (r !== null) {
        total.rolledUp += r.rolledUp;
        total.trimmed += r.trimmed;
        break;
      }
      // Another compaction of this host won the race and did the work; ours can stop retrying.
      if (attempt === MAX_ATTEMPTS) break;
    }
  }
  return total;
}

async function compactBatch(ctx: StoreContext, host: string, names: string[], now: number): Promise<CompactResult | null> {
  const k = ctx.keys(host);
  const keys = [k.state, k.rolled, ...names.flatMap((n) => [k.chunks(n), k.open(n), k.minute(n), k.hour(n)])];
  const reply = asArray(await runScript(ctx.redis, COMPACT_READ, keys, [TIERS.minute.windowMs, TIERS.hour.windowMs, ...names]));
  const { rawMs, minuteMs, hourMs } = ctx.retention;
  const args: ScriptArg[] = [now - rawMs, now - minuteMs - TIERS.minute.windowMs, now - hourMs - TIERS.hour.windowMs, now - hourMs - TIERS.hour.windowMs];
  let rolledUp = 0;
  names.forEach((name, i) => {
    const e = asArray(reply[i]);
    const last = asBuffer(e[0]);
    const rolledRaw = asBuffer(e[1])?.toString() ?? '';
    const rolled = rolledRaw === '' ? -1 : Number(rolledRaw);
    if (last === null || Number(last.toString()) <= rolled) {
      args.push(name, rolledRaw, '', 0, 0);
      return;
    }
    const chunks = asArray(e[2])
      .map((c) => asBuffer(c))
      .filter((c): c is Buffer => c !== null);
    const rolledTiers = rollUp({ chunks, open: asBuffer(e[3]), rolled, minute: asBuffer(e[4]), hour: asBuffer(e[5]) });
    rolledUp += rolledTiers.count;
    const newMark = rolledTiers.count > 0 ? String(rolledTiers.newest) : '';
    args.push(name, rolledRaw, newMark, ...pairs(rolledTiers.minute), ...pairs(rolledTiers.hour));
  });
  const w = asArray(await runScript(ctx.redis, COMPACT_WRITE, keys, args));
  if (asNumber(w[0]) < 0) return null;
  return { rolledUp, trimmed: asNumber(w[1]) };
}

function pairs(windows: Array<[number, Uint8Array]>): ScriptArg[] {
  return [windows.length, ...windows.flatMap(([start, chunk]): ScriptArg[] => [String(start), toBuffer(chunk)])];
}

type RollUpInput = { chunks: Buffer[]; open: Buffer | null; rolled: number; minute: Buffer | null; hour: Buffer | null };
type RollUpOutput = { count: number; newest: number; minute: Array<[number, Uint8Array]>; hour: Array<[number, Uint8Array]> };

function rollUp(input: RollUpInput): RollUpOutput {
  const minute = new TierWriter('minute', input.rolled, input.minute);
  const hour = new TierWriter('hour', input.rolled, input.hour);
  let count = 0;
  let newest = input.rolled;
  for (const run of rawRuns(input.chunks, input.open, { scales: true })) {
    for (let i = 0; i < run.n; i++) {
      const t = run.t[i]!;
      if (t <= newest) continue;
      const v = run.v[i]!;
      minute.add(t, v, run.scale);
      hour.add(t, v, run.scale);
      newest = t;
      count++;
    }
  }
  return { count, newest, minute: minute.finish(), hour: hour.finish() };
}

/** Feeds time-ordered samples into consecutive windows of one tier, encoding each window it leaves. */
class TierWriter {
  private readonly res: number;
  private readonly windowMs: number;
  private window: number;
  private builder: RollupBuilder;
  private dirty = false;
  private readonly out: Array<[number, Uint8Array]> = [];

  constructor(tier: RollupTier, rolled: number, existing: Buffer | null) {
    this.res = TIERS[tier].resolutionMs;
    this.windowMs = TIERS[tier].windowMs;
    this.window = rolled < 0 ? -1 : Math.floor(rolled / this.windowMs) * this.windowMs;
    // The window holding the mark may have buckets already; its newest bucket may still grow.
    this.builder = existing === null ? new RollupBuilder() : RollupBuilder.from(decodeRollupChunk(existing));
  }

  add(t: number, v: number, scale: number): void {
    const w = Math.floor(t / this.windowMs) * this.windowMs;
    if (w !== this.window) {
      this.flush();
      this.window = w;
      this.builder = new RollupBuilder();
    }
    this.builder.add(Math.floor(t / this.res) * this.res, v, scale);
    this.dirty = true;
  }

  finish(): Array<[number, Uint8Array]> {
    this.flush();
    return this.out;
  }

  private flush(): void {
    if (this.dirty && this.builder.n > 0) this.out.push([this.window, encodeRollupWindow(this.builder.columns(), this.res)]);
    this.dirty = false;
  }
}
