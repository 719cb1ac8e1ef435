import type { RetentionConfig, Tier } from './types.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * Rollup chunks cover fixed, epoch-aligned windows, so a query knows the hash fields to fetch
 * without an index. A day of minutes (1440 buckets, ~7 KB) was measured against 6 h: a 7-day query
 * then fetches 8 fields instead of 29, and per-field costs (command size, reply parsing, decoder
 * setup) were a third of its time; the compaction rewriting the current day's chunk every few
 * minutes stays well under a millisecond per series. 10 days of hours (240 buckets) gives ~40
 * fields for 400 days.
 */
export const TIERS = {
  minute: { resolutionMs: MINUTE_MS, windowMs: DAY_MS },
  hour: { resolutionMs: HOUR_MS, windowMs: 10 * DAY_MS },
} as const;

export type RollupTier = keyof typeof TIERS;

/** Buckets a chart can use; an automatic step aims for at most this many. */
const TARGET_POINTS = 720;
const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MINUTE_MS);
/** Guard against a step that would allocate millions of buckets by mistake. */
export const MAX_BUCKETS = 200_000;

/**
 * Smallest "nice" step giving at most TARGET_POINTS buckets, never below a minute: with 10 s
 * samples and small jitter, finer buckets would come back alternately full and empty.
 */
export function autoStep(from: number, to: number): number {
  const wanted = (to - from) / TARGET_POINTS;
  return NICE_STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted / DAY_MS) * DAY_MS;
}

export type QueryPlan = { tier: Tier; step: number };

/**
 * The finest tier that still holds `from` (by retention) and whose resolution is at most the step.
 * If none fits, the finest tier that holds `from`, with the step raised to its resolution. Rollup
 * steps are whole multiples of the tier resolution so no stored bucket straddles two answer buckets.
 */
export function planQuery(opts: { from: number; step: number; now: number; retention: RetentionConfig }): QueryPlan {
  const { from, step, now, retention } = opts;
  const tiers: Array<{ tier: Tier; res: number; keep: number }> = [
    { tier: 'raw', res: 0, keep: retention.rawMs },
    { tier: 'minute', res: MINUTE_MS, keep: retention.minuteMs },
    { tier: 'hour', res: HOUR_MS, keep: retention.hourMs },
  ];
  const holding = tiers.filter((t) => from >= now - t.keep);
  const chosen = holding.find((t) => t.res <= step) ?? holding[0] ?? tiers[2]!;
  if (chosen.res === 0) return { tier: chosen.tier, step };
  return { tier: chosen.tier, step: Math.max(1, Math.ceil(step / chosen.res)) * chosen.res };
}

/** Epoch-aligned window starts of a rollup tier that overlap [from, to). */
export function windowsBetween(tier: RollupTier, from: number, to: number): number[] {
  const w = TIERS[tier].windowMs;
  const out: number[] = [];
  for (let s = Math.floor(from / w) * w; s < to; s += w) out.push(s);
  return out;
}
