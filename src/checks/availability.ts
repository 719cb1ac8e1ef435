import { formatDuration } from '../shared/duration.js';
import { openCoverageEnd, type OpenSegment, type Segment } from './check-state.js';
import type { Availability } from './types.js';

export type Interval = readonly [number, number];

/** Sorted, non-overlapping. */
export function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = [...list].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function overlap(a: Interval, b: Interval): number {
  return Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
}

function overlapAll(a: Interval, list: Interval[]): number {
  return list.reduce((sum, b) => sum + overlap(a, b), 0);
}

/**
 * Availability of one check over [from, to], with its accounting. Time is split into ok, warn,
 * fail, unknown, maintenance and no data; availability = (ok + warn) / (ok + warn + fail).
 * Maintenance, unknown and no-data time are left out of the denominator and reported. Time after
 * `now` is not counted.
 */
export function computeAvailability(opts: {
  host: string;
  check: string;
  from: number;
  to: number;
  now: number;
  segments: Segment[];
  open: OpenSegment | null;
  maintenance: Interval[];
  retries: number | null;
  intervalMs: number | null;
}): Availability {
  const end = Math.max(opts.from, Math.min(opts.to, opts.now));
  const period: Interval = [opts.from, end];
  const maint = mergeIntervals(opts.maintenance.map(([a, b]) => [Math.max(a, opts.from), Math.min(b, end)] as const));
  const all: Array<Segment & { ongoing: boolean }> = opts.segments.map((s) => ({ ...s, ongoing: false }));
  if (opts.open)
    all.push({ from: opts.open.from, to: openCoverageEnd(opts.open, opts.now), status: opts.open.status, message: opts.open.message, ongoing: true });
  const ms = { ok: 0, warn: 0, fail: 0, unknown: 0 };
  let covered = 0;
  const incidents: Availability['incidents'] = [];
  const unknownReasons: string[] = [];
  for (const seg of all) {
    const span: Interval = [Math.max(seg.from, opts.from), Math.min(seg.to, end)];
    if (span[1] <= span[0]) continue;
    const counted = span[1] - span[0] - overlapAll(span, maint);
    ms[seg.status] += counted;
    covered += counted;
    if (seg.status === 'unknown') unknownReasons.unshift(seg.message);
    else if (seg.status !== 'ok')
      incidents.push({ from: seg.from, to: seg.ongoing && seg.to >= opts.now ? null : seg.to, status: seg.status, message: seg.message });
  }
  const maintenanceMs = maint.reduce((sum, m) => sum + overlap(m, period), 0);
  const noDataMs = Math.max(0, end - opts.from - maintenanceMs - covered);
  const denom = ms.ok + ms.warn + ms.fail;
  return {
    host: opts.host,
    check: opts.check,
    from: opts.from,
    to: opts.to,
    availabilityPct: denom > 0 ? ((ms.ok + ms.warn) / denom) * 100 : null,
    okMs: ms.ok,
    warnMs: ms.warn,
    failMs: ms.fail,
    maintenanceMs,
    noDataMs,
    unknownMs: ms.unknown,
    unknownReasons: [...new Set(unknownReasons)].slice(0, 3),
    incidents,
    accounting: accountingSentence({ retries: opts.retries, intervalMs: opts.intervalMs, maintenanceMs, noDataMs, unknownMs: ms.unknown }),
    retries: opts.retries,
    intervalMs: opts.intervalMs,
  };
}

/** States how the number was counted, so nobody has to argue about it. */
export function accountingSentence(o: {
  retries: number | null;
  intervalMs: number | null;
  maintenanceMs: number;
  noDataMs: number;
  unknownMs?: number;
}): string {
  const parts = ['Availability = time ok or warn ÷ time with results outside maintenance (warn counts as up).'];
  if (o.retries !== null && o.retries > 0) {
    parts.push(
      `A failed probe counted as down only from the ${ordinal(o.retries + 1)} failure in a row (retries: ${o.retries}); earlier failures kept the previous status.`,
    );
  } else {
    parts.push('Every failed probe counted as down at once (retries: 0).');
  }
  parts.push('Failures inside a restart grace period kept the status they had.');
  parts.push(
    o.maintenanceMs > 0 ? `${formatDuration(o.maintenanceMs)} inside maintenance windows was excluded.` : 'No maintenance window overlapped the period.',
  );
  const gap = o.intervalMs ? `no result for more than 2 × the ${formatDuration(o.intervalMs)} interval` : 'no result for more than 2 intervals';
  parts.push(o.noDataMs > 0 ? `${formatDuration(o.noDataMs)} without data (${gap}) was excluded and is reported as no data.` : `No data gaps (${gap}).`);
  if ((o.unknownMs ?? 0) > 0)
    parts.push(
      `${formatDuration(o.unknownMs ?? 0)} with status unknown (the probe could not tell, e.g. no systemd on the host) was excluded like a gap and is reported as unknown.`,
    );
  return parts.join(' ');
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${s}`;
}
