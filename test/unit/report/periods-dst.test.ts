import { describe, expect, it } from 'vitest';
import { ZReportConfig } from '../../../src/config/schema.js';
import { previousPeriod } from '../../../src/report/periods.js';
import { nextRuns, runsBetween } from '../../../src/report/schedule-times.js';

const H = 3_600_000;
const berlin = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(iso));
const local = (t: number, tz = 'Europe/Berlin') =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    weekday: 'short',
    dateStyle: undefined,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(t));

// Europe/Berlin: clocks go forward on 2026-03-29 02:00 → 03:00, back on 2026-10-25 03:00 → 02:00.
describe('calendar periods across DST (Europe/Berlin)', () => {
  it('yesterday is 23 hours long after the spring transition', () => {
    const p = previousPeriod('day', Date.parse('2026-03-30T05:00:00Z'), 'Europe/Berlin');
    expect(p.to - p.from).toBe(23 * H);
    expect(berlin(new Date(p.from).toISOString())).toBe('29/03/2026, 00:00');
    expect(berlin(new Date(p.to).toISOString())).toBe('30/03/2026, 00:00');
  });

  it('yesterday is 25 hours long after the autumn transition', () => {
    const p = previousPeriod('day', Date.parse('2026-10-26T06:00:00Z'), 'Europe/Berlin');
    expect(p.to - p.from).toBe(25 * H);
    expect(berlin(new Date(p.from).toISOString())).toBe('25/10/2026, 00:00');
  });

  it('the previous ISO week runs Monday 00:00 to Monday 00:00 local, 167 h across spring', () => {
    const p = previousPeriod('week', Date.parse('2026-03-30T06:00:00Z'), 'Europe/Berlin');
    expect(p.to - p.from).toBe(167 * H);
    expect(local(p.from)).toMatch(/^Mon.*23\/03\/2026.*00:00/);
  });

  it('the previous month is the calendar month, not 30 days', () => {
    const p = previousPeriod('month', Date.parse('2026-03-01T07:00:00Z'), 'Europe/Berlin');
    expect(local(p.from)).toMatch(/01\/02\/2026.*00:00/);
    expect((p.to - p.from) / H).toBe(28 * 24);
  });
});

describe('schedule fire times across DST', () => {
  const rc = (raw: Record<string, unknown>) => ZReportConfig.parse({ schedule: '0 7 * * *', timezone: 'Europe/Berlin', ...raw });

  it('fires at 07:00 local on both sides of each transition', () => {
    for (const start of ['2026-03-27T12:00:00Z', '2026-10-23T12:00:00Z']) {
      const runs = nextRuns(rc({}), Date.parse(start), 5);
      expect(runs.map((t) => local(t).slice(-5))).toEqual(['07:00', '07:00', '07:00', '07:00', '07:00']);
      const gaps = runs.slice(1).map((t, i) => (t - runs[i]!) / H);
      expect(gaps).toContain(start.startsWith('2026-03') ? 23 : 25);
    }
  });

  it('runs a 02:30 job exactly once on the day 02:30 does not exist, and once on the day it happens twice', () => {
    const spring = runsBetween(rc({ schedule: '30 2 * * *' }), Date.parse('2026-03-28T12:00:00Z'), Date.parse('2026-03-30T12:00:00Z'));
    expect(spring.map((t) => local(t))).toHaveLength(2);
    const autumn = runsBetween(rc({ schedule: '30 2 * * *' }), Date.parse('2026-10-24T12:00:00Z'), Date.parse('2026-10-26T12:00:00Z'));
    expect(autumn).toHaveLength(2);
    expect(local(autumn[0]!)).toMatch(/25\/10\/2026.*02:30/);
  });

  it('workdays only skips Saturday and Sunday in the report zone', () => {
    const runs = nextRuns(rc({ workdaysOnly: true }), Date.parse('2026-11-20T12:00:00Z'), 3);
    expect(runs.map((t) => local(t).slice(0, 3))).toEqual(['Mon', 'Tue', 'Wed']);
  });

  it('last day of month follows month lengths, leap years included', () => {
    const runs = nextRuns(rc({ lastDayOfMonth: true, timezone: 'Asia/Shanghai' }), Date.parse('2028-01-15T00:00:00Z'), 3);
    expect(runs.map((t) => local(t, 'Asia/Shanghai').slice(0, 15))).toEqual(['Mon, 31/01/2028', 'Tue, 29/02/2028', 'Fri, 31/03/2028']);
  });
});
