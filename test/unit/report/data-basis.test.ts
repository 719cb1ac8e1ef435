import { describe, expect, it } from 'vitest';
import { StepBuckets } from '../../../src/store/step-buckets.js';
import { afterWarmup, dataBasis, estimateInterval, SCORING_RULE } from '../../../src/report/model/data-basis.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const FROM = Date.UTC(2026, 10, 2); // a Monday, 00:00 UTC
const WEEK_END = FROM + 7 * DAY;

/** Buckets raw samples exactly as the store answers a range query: epoch-aligned, whole edge buckets. */
function bucketed(times: number[], step: number, from: number, to: number, value = (_t: number) => 10) {
  const start = Math.floor(from / step) * step;
  const b = new StepBuckets(start, step, Math.floor(to / step) - Math.floor(from / step) + 1);
  b.addSamples({ t: Float64Array.from(times), v: Float64Array.from(times.map(value)), n: times.length, scale: -1 }, -1);
  return b.points();
}
const every = (from: number, to: number, interval: number) => Array.from({ length: Math.floor((to - from) / interval) }, (_, i) => from + i * interval);

describe('data basis: coverage and gaps from the period start', () => {
  it('gives a host with five minutes of data in a week five minutes of coverage, the rest a gap before monitoring', () => {
    const first = WEEK_END - 5 * MIN;
    const points = bucketed(every(first, WEEK_END, 10_000), 30 * MIN, FROM, WEEK_END);
    const b = dataBasis({
      points,
      step: 30 * MIN,
      from: FROM,
      to: WEEK_END,
      now: WEEK_END + HOUR,
      firstSeen: first,
      defaultIntervalMs: 10_000,
      warmupSamples: 6,
    });
    expect(b.periodMs).toBe(7 * DAY);
    // The gap runs to the host's first sample, known exactly, not to the start of its 30-minute bucket.
    expect(b.coveredMs).toBe(5 * MIN);
    expect(b.coveragePct).toBeCloseTo((5 / (7 * 24 * 60)) * 100, 9);
    expect(b.gaps).toEqual([{ from: FROM, to: first, durationMs: 7 * DAY - 5 * MIN, beforeMonitoring: true }]);
    expect(b.samples).toBe(24);
    expect(b.scoring).toBe('insufficient');
  });

  it('does not call sparse sampling a gap: samples every 10 minutes on a 5-minute chart cover the day', () => {
    const to = FROM + DAY;
    const points = bucketed(every(FROM, to, 10 * MIN), 5 * MIN, FROM, to);
    const b = dataBasis({ points, step: 5 * MIN, from: FROM, to, now: to, firstSeen: FROM - DAY, defaultIntervalMs: 10_000, warmupSamples: 0 });
    expect(estimateInterval(points)).toBe(10 * MIN);
    expect(b.gaps).toEqual([]);
    expect(b.coveragePct).toBe(100);
    expect(b.scoring).toBe('scored');
  });

  it('finds a real two-hour gap in 10-second data and counts coverage around it', () => {
    const to = FROM + DAY;
    const times = every(FROM, to, 10_000).filter((t) => t < FROM + 6 * HOUR || t >= FROM + 8 * HOUR);
    const b = dataBasis({
      points: bucketed(times, 5 * MIN, FROM, to),
      step: 5 * MIN,
      from: FROM,
      to,
      now: to,
      firstSeen: FROM - DAY,
      defaultIntervalMs: 10_000,
      warmupSamples: 0,
    });
    expect(b.intervalMs).toBe(10_000);
    expect(b.gaps).toEqual([{ from: FROM + 6 * HOUR, to: FROM + 8 * HOUR, durationMs: 2 * HOUR, beforeMonitoring: false }]);
    expect(b.coveragePct).toBeCloseTo((22 / 24) * 100, 6);
  });

  it('counts a running period up to now, not to its end', () => {
    const now = FROM + 12 * HOUR;
    const b = dataBasis({
      points: bucketed(every(FROM, now, 10_000), 5 * MIN, FROM, FROM + DAY),
      step: 5 * MIN,
      from: FROM,
      to: FROM + DAY,
      now,
      firstSeen: FROM - DAY,
      defaultIntervalMs: 10_000,
      warmupSamples: 0,
    });
    expect(b.periodMs).toBe(12 * HOUR);
    expect(b.gaps).toEqual([]);
    expect(b.coveragePct).toBe(100);
  });

  it('does not score a first report made of the agent’s start-up: two samples in its first minute', () => {
    const first = FROM + DAY - 30_000;
    const points = bucketed([first, first + 10_000], 5 * MIN, FROM, FROM + DAY, () => 90.9);
    const b = dataBasis({ points, step: 5 * MIN, from: FROM, to: FROM + DAY, now: FROM + DAY, firstSeen: first, defaultIntervalMs: 10_000, warmupSamples: 2 });
    expect(b.samples).toBe(0);
    expect(b.scoring).toBe('insufficient');
    // Nothing left to state a CPU average from.
    expect(afterWarmup(points, b).filter((p) => p.v !== null)).toEqual([]);
  });

  it('needs both the sample count and the share of the period', () => {
    const to = FROM + DAY;
    const first = to - 3 * HOUR; // 12.5% of the day, 1,080 samples
    const enough = dataBasis({
      points: bucketed(every(first, to, 10_000), 5 * MIN, FROM, to),
      step: 5 * MIN,
      from: FROM,
      to,
      now: to,
      firstSeen: first,
      defaultIntervalMs: 10_000,
      warmupSamples: 6,
    });
    expect(enough.scoring).toBe('scored');
    const short = to - 2 * HOUR; // 8.3% of the day
    const tooShort = dataBasis({
      points: bucketed(every(short, to, 10_000), 5 * MIN, FROM, to),
      step: 5 * MIN,
      from: FROM,
      to,
      now: to,
      firstSeen: short,
      defaultIntervalMs: 10_000,
      warmupSamples: 6,
    });
    expect(tooShort.coveragePct!).toBeLessThan(SCORING_RULE.minCoveragePct);
    expect(tooShort.scoring).toBe('insufficient');
    const few = to - 20 * HOUR; // 83% of the day, but only 20 hourly samples after the first minute
    const tooFew = dataBasis({
      points: bucketed(every(few, to, HOUR), 5 * MIN, FROM, to),
      step: 5 * MIN,
      from: FROM,
      to,
      now: to,
      firstSeen: few,
      defaultIntervalMs: 10_000,
      warmupSamples: 1,
    });
    expect(tooFew.samples).toBeLessThan(SCORING_RULE.minSamples);
    expect(tooFew.scoring).toBe('insufficient');
  });

  it('calls a host monitored before the period and silent in it silent, not new', () => {
    const to = FROM + DAY;
    const b = dataBasis({
      points: bucketed([], 5 * MIN, FROM, to),
      step: 5 * MIN,
      from: FROM,
      to,
      now: to,
      firstSeen: FROM - 30 * DAY,
      defaultIntervalMs: 10_000,
      warmupSamples: 0,
    });
    expect(b.scoring).toBe('silent');
    expect(b.coveragePct).toBe(0);
    expect(b.gaps).toEqual([{ from: FROM, to, durationMs: DAY, beforeMonitoring: false }]);
  });

  it('ends the data at the host’s latest sample when it is known, not at the end of its bucket', () => {
    const to = FROM + DAY;
    const last = FROM + 20 * HOUR + 2 * MIN;
    const points = bucketed(every(FROM, last + 1, 10_000), 30 * MIN, FROM, to);
    const b = dataBasis({
      points,
      step: 30 * MIN,
      from: FROM,
      to,
      now: to,
      firstSeen: FROM - DAY,
      lastSeen: last,
      defaultIntervalMs: 10_000,
      warmupSamples: 0,
    });
    expect(b.gaps).toEqual([{ from: last, to, durationMs: to - last, beforeMonitoring: false }]);
  });
});
