/**
 * Chart steps divide a day, so the forecast drawn on a chart can infer the daily cycle from the
 * timestamps: a week at 30 minutes (48 a day), not at the 34 minutes that period / 300 gives.
 */
import { describe, expect, it } from 'vitest';
import { forecastSeries } from '../../../src/analyze/index.js';
import { createRng } from '../../../src/analyze/prng.js';
import { chartStep } from '../../../src/report/model/build-report-model.js';

const DAY = 86_400_000;

describe('chart step', () => {
  it('picks the day-dividing step nearest to a few hundred points', () => {
    expect(chartStep(0, DAY) / 60_000).toBe(5);
    expect(chartStep(0, 7 * DAY) / 60_000).toBe(30);
    expect(chartStep(0, 30 * DAY) / 60_000).toBe(120);
    expect(chartStep(0, 365 * DAY) / 60_000).toBe(1440);
    for (const days of [1, 7, 30, 31, 90, 365]) expect(DAY % chartStep(0, days * DAY)).toBe(0);
  });

  it("lets a weekly chart's forecast carry the daily cycle", () => {
    const step = chartStep(0, 7 * DAY);
    const rng = createRng(11);
    const timestamps = Array.from({ length: (7 * DAY) / step }, (_, i) => i * step);
    const values = timestamps.map((t) => 40 + 25 * Math.max(0, Math.sin((2 * Math.PI * (t % DAY)) / DAY)) + rng.normal());
    const fc = forecastSeries({ values, timestamps, horizon: 48 });
    expect(fc.season).toBe(48);
    expect(fc.spec.season).not.toBe('N');
    // The forecast rises towards midday and falls back at night, as the week did.
    const means = fc.forecast.map((p) => p.mean);
    expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(15);
  });
});
