import { describe, expect, it } from 'vitest';
import { changeOf, dailyCounts, findBurst, hourlyCounts, logCoverage, median, READ_SLACK_MS } from '../../../src/report/model/logs/log-stats.js';

const H = 3_600_000;
const FROM = Date.UTC(2026, 11, 1);
const TO = FROM + 24 * H;
const src = (since: number, lastRead: number) => ({ source: 's', since, lastRead, problem: null });

describe('log coverage', () => {
  it('is the span from the first read to the last, as a share of the period', () => {
    expect(logCoverage({ sources: [], from: FROM, to: TO })).toBeNull();
    expect(logCoverage({ sources: [src(FROM - H, TO)], from: FROM, to: TO })).toEqual({ readFrom: FROM, readTo: TO, pct: 100, partial: false });
    expect(logCoverage({ sources: [src(FROM + 6 * H, TO), src(FROM + 12 * H, TO)], from: FROM, to: TO })).toEqual({
      readFrom: FROM + 6 * H,
      readTo: TO,
      pct: 75,
      partial: true,
    });
    // A last read shortly before the end is a quiet source; long before, an agent that stopped.
    expect(logCoverage({ sources: [src(FROM, TO - READ_SLACK_MS)], from: FROM, to: TO })?.readTo).toBe(TO);
    expect(logCoverage({ sources: [src(FROM, FROM + 18 * H)], from: FROM, to: TO })).toEqual({ readFrom: FROM, readTo: FROM + 18 * H, pct: 75, partial: true });
    // Read only after the period: nothing to say about it.
    expect(logCoverage({ sources: [src(TO + H, TO + 2 * H)], from: FROM, to: TO })).toBeNull();
  });
});

describe('hourly and daily counts', () => {
  const cov = { readFrom: FROM + 2 * H + 30 * 60_000, readTo: TO, pct: 89.6, partial: true };
  const hours = hourlyCounts({ buckets: [{ t: FROM + 3 * H, total: 9, bySeverity: { err: 2, crit: 1, warning: 4, info: 2 } }], cov, from: FROM, to: TO });

  it('leaves hours not read empty, counts read hours without lines as zero', () => {
    expect(hours).toHaveLength(24);
    expect(hours.slice(0, 4)).toEqual([
      { t: FROM, errors: null, warnings: null, total: null },
      { t: FROM + H, errors: null, warnings: null, total: null },
      // Read from 02:30: the hour is counted (what was read of it).
      { t: FROM + 2 * H, errors: 0, warnings: 0, total: 0 },
      { t: FROM + 3 * H, errors: 3, warnings: 4, total: 9 },
    ]);
  });

  it('sums days in the report time zone, a day with no hour read staying empty', () => {
    const twoDays = hourlyCounts({
      buckets: [{ t: FROM + 30 * H, total: 5, bySeverity: { err: 5 } }],
      cov: { ...cov, readFrom: FROM + 26 * H, readTo: FROM + 48 * H },
      from: FROM,
      to: FROM + 48 * H,
    });
    expect(dailyCounts(twoDays, 'UTC')).toEqual([
      { t: FROM, errors: null, warnings: null, total: null },
      { t: FROM + 24 * H, errors: 5, warnings: 0, total: 5 },
    ]);
    // Shanghai is 8 hours ahead: the UTC day splits over two local days.
    expect(dailyCounts(twoDays, 'Asia/Shanghai').map((d) => d.total)).toEqual([null, 5, 0]);
  });
});

describe('bursts', () => {
  const series = (counts: Array<number | null>) => counts.map((count, i) => ({ t: FROM + i * H, count }));

  it('is an hour at ten times the median and at least twenty lines', () => {
    expect(median([])).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(findBurst(series([2, 2, 2, 20, 2, 2]))).toEqual({ peakAt: FROM + 3 * H, peak: 20, median: 2, hours: 1 });
    expect(findBurst(series([2, 2, 2, 19, 2, 2]))).toBeNull();
    // Ten times a median of 3 is 30: 25 lines is no burst however many lines that is.
    expect(findBurst(series([3, 3, 25, 3]))).toBeNull();
    expect(findBurst(series([0, 0, 0, 40, 0, 60]))).toEqual({ peakAt: FROM + 5 * H, peak: 60, median: 0, hours: 2 });
  });

  it('ignores hours not read, which would pull the median down', () => {
    expect(findBurst(series([null, null, null, null, 30, 30, 30]))).toBeNull();
  });
});

describe('change against the previous period', () => {
  it('is a percentage, "new" from zero, and nothing when the previous period was not read', () => {
    expect(changeOf(30, 10)).toEqual({ pct: 200, fresh: false });
    expect(changeOf(5, 10)).toEqual({ pct: -50, fresh: false });
    expect(changeOf(5, 0)).toEqual({ pct: null, fresh: true });
    expect(changeOf(5, null)).toBeNull();
  });
});
