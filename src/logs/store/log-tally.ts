import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../store/tiers.js';
import type { LogBucket, LogFilter, LogSeverity } from './log-repo.js';
import { parseCountField } from './log-keys.js';
import { atLeast, isLogSeverity } from './severity-rank.js';

export type LogTier = 'minute' | 'hour';

/** Window a tier's hash covers, and the width of one slot in it. */
export const TIER_SHAPE: Record<LogTier, { windowMs: number; slotMs: number }> = {
  minute: { windowMs: HOUR_MS, slotMs: MINUTE_MS },
  hour: { windowMs: DAY_MS, slotMs: HOUR_MS },
};

export function windowStarts(tier: LogTier, from: number, to: number): number[] {
  const w = TIER_SHAPE[tier].windowMs;
  const out: number[] = [];
  for (let s = Math.floor(from / w) * w; s < to; s += w) out.push(s);
  return out;
}

/** One stored count cell, decoded and within the asked range and filter. */
export type Cell = { t: number; severity: LogSeverity; templateId: string; source: string; count: number };

/** Decodes one window's hash, keeping the cells inside [from, to) that pass the filter. */
export function cellsOf(opts: { tier: LogTier; windowStart: number; hash: Record<string, string>; from: number; to: number; filter?: LogFilter }): Cell[] {
  const { slotMs } = TIER_SHAPE[opts.tier];
  const ids = opts.filter?.templateIds ? new Set(opts.filter.templateIds) : null;
  const sources = opts.filter?.sources ? new Set(opts.filter.sources) : null;
  const out: Cell[] = [];
  for (const [field, value] of Object.entries(opts.hash)) {
    const f = parseCountField(field);
    if (!f || !isLogSeverity(f.severity)) continue;
    const t = opts.windowStart + f.slot * slotMs;
    if (t < opts.from || t >= opts.to) continue;
    if (ids && !ids.has(f.templateId)) continue;
    if (sources && !sources.has(f.source)) continue;
    if (!atLeast(f.severity, opts.filter?.minSeverity)) continue;
    const count = Number(value);
    if (count > 0) out.push({ t, severity: f.severity, templateId: f.templateId, source: f.source, count });
  }
  return out;
}

/** Buckets of `step` from `from` on; only buckets that counted something appear. */
export function toBuckets(cells: Cell[], from: number, step: number): LogBucket[] {
  const byT = new Map<number, LogBucket>();
  for (const c of cells) {
    const t = from + Math.floor((c.t - from) / step) * step;
    let b = byT.get(t);
    if (!b) {
      b = { t, total: 0, bySeverity: {} };
      byT.set(t, b);
    }
    b.total += c.count;
    b.bySeverity[c.severity] = (b.bySeverity[c.severity] ?? 0) + c.count;
  }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}
