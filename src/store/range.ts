import { SUMMARY_MS } from './codec/rollup-chunk.js';
import { decodeRollupChunkScaled, rollupSummary } from './codec/rollup-decode.js';
import type { StoreContext } from './context.js';
import { RANGE_READ } from './lua/range-script.js';
import { asArray, asBuffer, asTime, isNoScript, runScript, scriptCall, type ScriptArg } from './lua/run-script.js';
import { rawRuns } from './raw-samples.js';
import { labelsMatch, parseSeriesName, seriesName } from './series-key.js';
import { StepBuckets } from './step-buckets.js';
import { MAX_BUCKETS, autoStep, planQuery, windowsBetween, type RollupTier } from './tiers.js';
import type { RangeQuery, RangeSeries, SeriesId } from './types.js';

/**
 * Answers a range query from one tier for the whole range, so a bucket is never counted from two
 * tiers. Buckets are epoch-aligned multiples of the step; the edge buckets are whole, so they may
 * include samples slightly before `from` or after `to`.
 */
export async function rangeQuery(ctx: StoreContext, q: RangeQuery): Promise<RangeSeries[]> {
  if (!(q.to >= q.from)) throw new RangeError(`range needs from <= to, got ${q.from} .. ${q.to}`);
  if (q.step !== undefined && !(q.step >= 1)) throw new RangeError(`step must be at least 1 ms, got ${q.step}`);
  const plan = planQuery({ from: q.from, step: q.step ?? autoStep(q.from, q.to), now: ctx.now(), retention: ctx.retention });
  const start = Math.floor(q.from / plan.step) * plan.step;
  const size = Math.floor(q.to / plan.step) - Math.floor(q.from / plan.step) + 1;
  if (size > MAX_BUCKETS) throw new RangeError(`range would have ${size} buckets; use a larger step`);
  const end = start + size * plan.step;
  const ids = await matchingSeries(ctx, q);
  const windows = plan.tier === 'raw' ? [] : windowsBetween(plan.tier, start, end).map(String);
  // One transaction per series, all in flight together: Redis prepares the next replies while
  // this process decodes the first ones.
  return Promise.all(
    ids.map(async ({ id, name }) => {
      const buckets = new StepBuckets(start, plan.step, size);
      await readSeries(ctx, { host: q.host, name, tier: plan.tier, lo: start, hi: end - 1, windows, into: buckets });
      const points = buckets.points();
      buckets.release();
      return { id, tier: plan.tier, step: plan.step, points };
    }),
  );
}

async function matchingSeries(ctx: StoreContext, q: RangeQuery): Promise<Array<{ id: SeriesId; name: string }>> {
  const names = await ctx.redis.hkeys(ctx.keys(q.host).state);
  // Names start with the escaped metric: cheap to pre-filter before parsing labels.
  const metric = seriesName(q.metric, undefined);
  return names
    .filter((name) => name === metric || name.startsWith(`${metric}|`))
    .sort()
    .map((name) => ({ id: parseSeriesName(q.host, name), name }))
    .filter(({ id }) => id.metric === q.metric && labelsMatch(q.labels, id.labels));
}

type ReadOpts = { host: string; name: string; tier: 'raw' | RollupTier; lo: number; hi: number; windows: string[]; into: StepBuckets };

async function readSeries(ctx: StoreContext, o: ReadOpts): Promise<void> {
  const k = ctx.keys(o.host);
  const scriptKeys = [k.rolled, k.chunks(o.name), k.open(o.name), k.state];
  let tail: unknown[];
  if (o.tier === 'raw' || o.windows.length === 0) {
    tail = asArray(await runScript(ctx.redis, RANGE_READ, scriptKeys, ['raw', o.lo, o.hi, o.name]));
  } else {
    const tierKey = o.tier === 'hour' ? k.hour(o.name) : k.minute(o.name);
    const [script, tiers] = await readRollupTier(ctx, { scriptKeys, tierKey, args: ['rollup', o.lo, o.hi, o.name], windows: o.windows });
    tail = script;
    // A step of whole quarter hours needs only a window's summary, where it has one.
    const coarse = o.into.step % SUMMARY_MS === 0;
    // Chunks decode into shared scratch arrays, consumed right away: no await in between.
    for (const blob of tiers) {
      if (blob !== null) o.into.addRollups(decodeRollupChunkScaled((coarse ? rollupSummary(blob) : null) ?? blob, true));
    }
  }
  const mark = o.tier === 'raw' ? null : asTime(tail[0]);
  const chunks = asArray(tail[1])
    .map((c) => asBuffer(c))
    .filter((c): c is Buffer => c !== null);
  // Raw samples at or before the mark are already in the tier; only newer ones are added.
  for (const run of rawRuns(chunks, asBuffer(tail[2]), { scales: false })) o.into.addSamples(run, mark ?? -1);
}

type TierRead = { scriptKeys: string[]; tierKey: string; args: ScriptArg[]; windows: string[] };

/**
 * The raw tail script and the tier windows in one MULTI: one round trip, one consistent snapshot.
 * A node without the script in its cache (flushed, restarted, promoted, or another Cluster master)
 * answers the EVALSHA with NOSCRIPT inside EXEC; the transaction is then sent again with the
 * source (EVAL), which cannot fail so and leaves the script cached there.
 */
async function readRollupTier(ctx: StoreContext, r: TierRead): Promise<[unknown[], Array<Buffer | null>]> {
  for (let withSource = false; ; withSource = true) {
    const res = await ctx.redis
      .multi()
      .callBuffer(withSource ? 'EVAL' : 'EVALSHA', scriptCall(RANGE_READ, r.scriptKeys, r.args, withSource))
      .hmgetBuffer(r.tierKey, ...r.windows)
      .exec();
    const scriptErr = res?.[0]?.[0];
    if (isNoScript(scriptErr) && !withSource) continue;
    if (res === null || scriptErr) throw scriptErr ?? new Error('range read transaction was aborted');
    if (res[1]?.[0]) throw res[1][0];
    return [asArray(res[0]?.[1]), asArray(res[1]?.[1]).map((b) => asBuffer(b))];
  }
}
