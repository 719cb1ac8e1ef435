import { CronExpressionParser } from 'cron-parser';
import type { MaintenanceConfig } from '../config/alerts-schema.js';

export type Interval = readonly [number, number];
/** What a window or silence is matched against. Absent fields match only windows that do not name them. */
export type MuteTarget = { host: string; check?: string; rule?: string };

/** Safety stop for a cron that fires every minute over a long report period. */
const MAX_OCCURRENCES = 50_000;

/**
 * Whether a window covers a target: each list the window names must contain the target's value.
 * A window naming checks does not cover a metric alert (it has no check), and one naming only
 * rules does not cover check availability.
 */
export function windowMatches(w: Pick<MaintenanceConfig, 'hosts' | 'checks' | 'rules'>, t: MuteTarget): boolean {
  if (w.hosts && !w.hosts.includes(t.host)) return false;
  if (w.checks && (t.check === undefined || !w.checks.includes(t.check))) return false;
  if (w.rules && (t.rule === undefined || !w.rules.includes(t.rule))) return false;
  return true;
}

/** The window's time ranges overlapping [from, to]; recurring windows follow their cron in their zone. */
export function windowIntervals(w: MaintenanceConfig, from: number, to: number): Interval[] {
  if (w.from !== undefined && w.to !== undefined) return w.to > from && w.from < to ? [[w.from, w.to]] : [];
  if (w.schedule === undefined || !w.duration) return [];
  const out: Interval[] = [];
  const it = CronExpressionParser.parse(w.schedule, { currentDate: new Date(from - w.duration), tz: w.timezone });
  for (let i = 0; i < MAX_OCCURRENCES; i++) {
    const start = it.next().getTime();
    if (start >= to) break;
    out.push([start, start + w.duration]);
  }
  return out;
}

/** Intervals of every window covering the target within [from, to]. */
export function maintenanceFor(windows: readonly MaintenanceConfig[], target: MuteTarget, from: number, to: number): Interval[] {
  return windows.filter((w) => windowMatches(w, target)).flatMap((w) => windowIntervals(w, from, to));
}

/** The window active at `at` for the target, if any. */
export function activeWindow(windows: readonly MaintenanceConfig[], target: MuteTarget, at: number): MaintenanceConfig | null {
  return windows.find((w) => windowMatches(w, target) && windowIntervals(w, at, at + 1).some(([a, b]) => a <= at && at < b)) ?? null;
}
