import { DateTime } from 'luxon';

export type PeriodKind = 'day' | 'week' | 'month';
export type Period = { from: number; to: number };

const UNIT = { day: 'day', week: 'week', month: 'month' } as const;

/**
 * The last complete calendar period before `at`, in `timezone`: yesterday, the previous ISO week
 * (Monday to Monday) or the previous month. Boundaries are local midnights, so a DST day is 23 or
 * 25 hours long, as it really was.
 */
export function previousPeriod(kind: PeriodKind, at: number, timezone: string): Period {
  const start = DateTime.fromMillis(at, { zone: timezone }).startOf(UNIT[kind], { useLocaleWeeks: false });
  const prev = start.minus({ [`${kind}s`]: 1 });
  return { from: prev.toMillis(), to: start.toMillis() };
}

/** The trailing window ending at `at`: last 24 hours, 7 days or calendar month, for ad-hoc reports. */
export function trailingPeriod(kind: PeriodKind, at: number, timezone: string): Period {
  const end = DateTime.fromMillis(at, { zone: timezone });
  return { from: end.minus({ [`${kind}s`]: 1 }).toMillis(), to: at };
}
