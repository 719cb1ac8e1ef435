import { CronExpressionParser } from 'cron-parser';
import type { ReportConfig } from '../config/schema.js';

/** The cron BullMQ is given: `lastDayOfMonth` puts "L" in the day-of-month field. */
export function effectivePattern(rc: Pick<ReportConfig, 'schedule' | 'lastDayOfMonth'>): string | null {
  if (!rc.schedule) return null;
  if (!rc.lastDayOfMonth) return rc.schedule;
  const f = rc.schedule.trim().split(/\s+/);
  return [f[0], f[1], 'L', f[3], f[4]].join(' ');
}

/** Saturday or Sunday in the report's zone. */
export function isWeekend(at: number, timezone: string): boolean {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short' }).format(new Date(at));
  return day === 'Sat' || day === 'Sun';
}

/** Fire times after `from`, with workdays-only applied. Same cron library and zone rules as BullMQ. */
export function nextRuns(rc: ReportConfig, from: number, count: number): number[] {
  const pattern = effectivePattern(rc);
  if (!pattern) return [];
  const it = CronExpressionParser.parse(pattern, { tz: rc.timezone, currentDate: new Date(from) });
  const out: number[] = [];
  // Bounded: a workdays-only schedule on weekends only would otherwise never end.
  for (let i = 0; i < count * 7 + 14 && out.length < count; i++) {
    const t = it.next().getTime();
    if (rc.workdaysOnly && isWeekend(t, rc.timezone)) continue;
    out.push(t);
  }
  return out;
}

/** Fire times in (from, to], oldest first; used to catch up runs missed while nothing was running. */
export function runsBetween(rc: ReportConfig, from: number, to: number, limit = 100): number[] {
  const pattern = effectivePattern(rc);
  if (!pattern || from >= to) return [];
  const it = CronExpressionParser.parse(pattern, { tz: rc.timezone, currentDate: new Date(from), endDate: new Date(to) });
  const out: number[] = [];
  while (out.length < limit && it.hasNext()) {
    const t = it.next().getTime();
    if (t > to) break;
    if (rc.workdaysOnly && isWeekend(t, rc.timezone)) continue;
    out.push(t);
  }
  return out;
}
