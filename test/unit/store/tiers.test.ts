import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS, TIERS, autoStep, planQuery, windowsBetween } from '../../../src/store/tiers.js';

const DAY = 86_400_000;
const retention = { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY };
const now = Date.UTC(2025, 5, 1);

describe('tier choice', () => {
  it('uses the finest tier that holds `from` and is no coarser than the step', () => {
    expect(planQuery({ from: now - DAY, step: 10_000, now, retention })).toEqual({ tier: 'raw', step: 10_000 });
    expect(planQuery({ from: now - DAY, step: 5 * MINUTE_MS, now, retention })).toEqual({ tier: 'raw', step: 5 * MINUTE_MS });
    expect(planQuery({ from: now - 7 * DAY, step: 15 * MINUTE_MS, now, retention })).toEqual({ tier: 'minute', step: 15 * MINUTE_MS });
    expect(planQuery({ from: now - 7 * DAY, step: 2 * HOUR_MS, now, retention })).toEqual({ tier: 'minute', step: 2 * HOUR_MS });
    expect(planQuery({ from: now - 90 * DAY, step: DAY, now, retention })).toEqual({ tier: 'hour', step: DAY });
  });

  it('raises the step to the resolution when the tier holding `from` is coarser', () => {
    expect(planQuery({ from: now - 7 * DAY, step: 10_000, now, retention })).toEqual({ tier: 'minute', step: MINUTE_MS });
    expect(planQuery({ from: now - 7 * DAY, step: 90_000, now, retention })).toEqual({ tier: 'minute', step: 2 * MINUTE_MS });
    expect(planQuery({ from: now - 90 * DAY, step: MINUTE_MS, now, retention })).toEqual({ tier: 'hour', step: HOUR_MS });
    expect(planQuery({ from: now - 900 * DAY, step: MINUTE_MS, now, retention })).toEqual({ tier: 'hour', step: HOUR_MS });
  });

  it('picks a nice automatic step of at most ~720 buckets, never below a minute', () => {
    expect(autoStep(0, HOUR_MS)).toBe(MINUTE_MS);
    expect(autoStep(0, DAY)).toBe(2 * MINUTE_MS);
    expect(autoStep(0, 7 * DAY)).toBe(15 * MINUTE_MS);
    expect(autoStep(0, 365 * DAY)).toBe(DAY);
  });

  it('lists the epoch-aligned windows overlapping a range', () => {
    const w = TIERS.minute.windowMs;
    expect(windowsBetween('minute', w + 1, 3 * w)).toEqual([w, 2 * w]);
    expect(windowsBetween('minute', w, w + 1)).toEqual([w]);
  });
});
