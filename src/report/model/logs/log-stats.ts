import { DateTime } from 'luxon';
import { STATUS_EVERY_MS } from '../../../logs/ingest/source-runner.js';
import { severityRank } from '../../../logs/store/severity-rank.js';
import type { LogBucket, LogSeverity, LogSourceStatus } from '../../../logs/store/log-repo.js';

export const HOUR_MS = 3_600_000;

export { severityRank };
export const isError = (s: LogSeverity): boolean => severityRank(s) <= severityRank('err');

type BySeverity = Partial<Record<LogSeverity, number>>;
export const errorsOf = (b: BySeverity): number => (b.emerg ?? 0) + (b.alert ?? 0) + (b.crit ?? 0) + (b.err ?? 0);
export const warningsOf = (b: BySeverity): number => b.warning ?? 0;

/**
 * A source whose last read is this close to the period's end counts as read to the end: a quiet
 * source still writes its status every STATUS_EVERY_MS, so five of those missed is an agent gone.
 */
export const READ_SLACK_MS = 5 * STATUS_EVERY_MS;

/** The part of [from, to) logs were read in: from the first source's first read to the last read. */
export type LogCoverage = { readFrom: number; readTo: number; pct: number; partial: boolean };

export function logCoverage(o: { sources: LogSourceStatus[]; from: number; to: number }): LogCoverage | null {
  if (o.sources.length === 0) return null;
  const since = Math.min(...o.sources.map((s) => s.since));
  const last = Math.max(...o.sources.map((s) => s.lastRead));
  const readFrom = Math.max(o.from, since);
  const readTo = last >= o.to - READ_SLACK_MS ? o.to : Math.min(o.to, last);
  if (readTo <= readFrom) return null;
  const pct = (100 * (readTo - readFrom)) / (o.to - o.from);
  return { readFrom, readTo, pct, partial: readFrom > o.from || readTo < o.to };
}

/** One hour of the period: null counts where logs were not read at all (never a zero for that). */
export type HourCount = { t: number; errors: number | null; warnings: number | null; total: number | null };

/**
 * Hour slots from `from` (the store's buckets start there too), filled from the hourly buckets; an
 * hour that was read and has no bucket had no lines.
 */
export function hourlyCounts(o: { buckets: LogBucket[]; cov: LogCoverage; from: number; to: number }): HourCount[] {
  const byT = new Map(o.buckets.map((b) => [b.t, b]));
  const out: HourCount[] = [];
  for (let t = o.from; t < o.to; t += HOUR_MS) {
    const read = t + HOUR_MS > o.cov.readFrom && t < o.cov.readTo;
    const b = byT.get(t);
    out.push(
      read
        ? { t, errors: b ? errorsOf(b.bySeverity) : 0, warnings: b ? warningsOf(b.bySeverity) : 0, total: b?.total ?? 0 }
        : { t, errors: null, warnings: null, total: null },
    );
  }
  return out;
}

/** Hours summed per local day (weekly and longer reports); a day with no hour read stays null. */
export function dailyCounts(hours: HourCount[], timezone: string): HourCount[] {
  const days = new Map<number, HourCount>();
  for (const h of hours) {
    const t = DateTime.fromMillis(h.t, { zone: timezone }).startOf('day').toMillis();
    const d = days.get(t) ?? { t, errors: null, warnings: null, total: null };
    const add = (a: number | null, b: number | null) => (b === null ? a : (a ?? 0) + b);
    days.set(t, { t, errors: add(d.errors, h.errors), warnings: add(d.warnings, h.warnings), total: add(d.total, h.total) });
  }
  return [...days.values()];
}

/** The burst rule, stated in the report as it is applied. */
export const BURST_RULE = { factor: 10, minLines: 20, templates: 30 } as const;

export type Burst = { peakAt: number; peak: number; median: number; hours: number };

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * A template bursts in an hour that holds at least `factor` times its median hourly count over the
 * hours read, and at least `minLines` lines. Hours not read (null) neither count nor lower the median.
 */
export function findBurst(hours: Array<{ t: number; count: number | null }>): Burst | null {
  const read = hours.filter((h): h is { t: number; count: number } => h.count !== null);
  const m = median(read.map((h) => h.count));
  const hot = read.filter((h) => h.count >= BURST_RULE.minLines && h.count >= BURST_RULE.factor * m);
  if (hot.length === 0) return null;
  const peak = hot.reduce((a, b) => (b.count > a.count ? b : a));
  return { peakAt: peak.t, peak: peak.count, median: m, hours: hot.length };
}

/** Change against the previous period: null when that period was not read (no comparison is made up). */
export function changeOf(count: number, previous: number | null): { pct: number | null; fresh: boolean } | null {
  if (previous === null) return null;
  if (previous === 0) return { pct: null, fresh: count > 0 };
  return { pct: (100 * (count - previous)) / previous, fresh: false };
}
