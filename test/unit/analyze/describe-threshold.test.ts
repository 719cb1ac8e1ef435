import { describe, expect, it } from 'vitest';
import { describeTimeToThreshold } from '../../../src/analyze/index.js';
import type { ThresholdForecast } from '../../../src/analyze/index.js';

const HOUR = 3_600_000;
const at = (steps: number) => ({ steps, timestamp: null });
const base: ThresholdForecast = { value: 95, direction: 'up', horizon: 24 * 30, eta: at(24 * 12), earliest: at(24 * 9), latest: at(24 * 16) };

describe('describeTimeToThreshold', () => {
  it('phrases a crossing with its 80% interval in one unit', () => {
    expect(describeTimeToThreshold({ threshold: base, stepMs: HOUR, label: 'full' })).toBe('full in 12 days (80%: 9–16)');
    expect(describeTimeToThreshold({ threshold: { ...base, eta: at(5), earliest: at(3), latest: at(8) }, stepMs: HOUR, label: 'full' })).toBe('full in 5 hours (80%: 3–8)');
  });

  it('says when the upper end is beyond the horizon', () => {
    expect(describeTimeToThreshold({ threshold: { ...base, latest: null }, stepMs: HOUR, label: 'full' })).toBe('full in 12 days (80%: 9–>30)');
  });

  it('is explicit about no crossing within the horizon', () => {
    expect(describeTimeToThreshold({ threshold: { ...base, eta: null, earliest: null, latest: null }, stepMs: HOUR, label: 'full' })).toBe('not full within 30 days');
    expect(describeTimeToThreshold({ threshold: { ...base, eta: null, earliest: at(24 * 25), latest: null }, stepMs: HOUR })).toBe('does not reach 95 within 30 days (80%: possibly from 25 days)');
  });

  it('counts steps without a sample spacing', () => {
    expect(describeTimeToThreshold({ threshold: { ...base, eta: at(7), earliest: at(5), latest: at(10) } })).toBe('reaches 95 in 7 steps (80%: 5–10)');
  });
});
