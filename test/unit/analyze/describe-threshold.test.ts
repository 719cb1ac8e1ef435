import { describe, expect, it } from 'vitest';
import { describeTimeToThreshold } from '../../../src/analyze/index.js';
import type { ThresholdForecast } from '../../../src/analyze/index.js';

const HOUR = 3_600_000;
const at = (steps: number) => ({ steps, timestamp: null });
const base: ThresholdForecast = { value: 95, direction: 'up', horizon: 24 * 30, eta: at(24 * 12), earliest: at(24 * 9), latest: at(24 * 16) };

describe('describeTimeToThreshold', () => {
  it('phrases a crossing with its 80% interval in one unit', () => {
    expect(describeTimeToThreshold({ threshold: base, stepMs: HOUR, label: 'full' })).toBe('full in 12 days (80%: 9–16)');
    expect(describeTimeToThreshold({ threshold: { ...base, eta: at(5), earliest: at(3), latest: at(8) }, stepMs: HOUR, label: 'full' })).toBe(
      'full in 5 hours (80%: 3–8)',
    );
  });

  it('says when the upper end is beyond the horizon', () => {
    expect(describeTimeToThreshold({ threshold: { ...base, latest: null }, stepMs: HOUR, label: 'full' })).toBe('full in 12 days (80%: 9–>30)');
  });

  it('is explicit about no crossing within the horizon', () => {
    expect(describeTimeToThreshold({ threshold: { ...base, eta: null, earliest: null, latest: null }, stepMs: HOUR, label: 'full' })).toBe(
      'not full within 30 days',
    );
    expect(describeTimeToThreshold({ threshold: { ...base, eta: null, earliest: at(24 * 25), latest: null }, stepMs: HOUR })).toBe(
      'does not reach 95 within 30 days (80%: possibly from 25 days)',
    );
  });

  it('counts steps without a sample spacing', () => {
    expect(describeTimeToThreshold({ threshold: { ...base, eta: at(7), earliest: at(5), latest: at(10) } })).toBe('reaches 95 in 7 steps (80%: 5–10)');
  });

  it('never prints a range that collapses to a point', () => {
    // Crossings are found at whole steps: both ends in one 6-hour step read "26–26" at whole days.
    const six = 6 * HOUR;
    const tight = { ...base, horizon: 200, eta: at(104), earliest: at(104), latest: at(104) };
    expect(describeTimeToThreshold({ threshold: tight, stepMs: six, label: 'full' })).toBe('full in 26 days (80%: 25.8–26)');
    // One-minute steps: even a decimal more cannot tell the ends apart, so it says how narrow it is.
    const fine = { ...base, horizon: 60 * 24 * 40, eta: at(26 * 1440), earliest: at(26 * 1440), latest: at(26 * 1440 + 1) };
    expect(describeTimeToThreshold({ threshold: fine, stepMs: 60_000, label: 'full' })).toBe(
      'full in 26 days (80% range narrower than 0.1 days: a very steady trend)',
    );
  });
});
