/** Seasonal periods from the spacing and the autocorrelation (src/analyze/season-detect.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/analyze/prng.js';
import { calendarPeriods, detectSeasons } from '../../../src/analyze/season-detect.js';

const HALF_HOUR = 1_800_000;
const FIVE_MIN = 300_000;
const taylor = Float64Array.from(
  readFileSync(new URL('../../fixtures/forecast/taylor.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[1])),
);

describe('seasonal periods detected', () => {
  it('offers the hour only for data at 5 minutes or finer, then the day and the week', () => {
    expect(calendarPeriods(60_000)).toEqual([60, 1440, 10080]);
    expect(calendarPeriods(FIVE_MIN)).toEqual([12, 288, 2016]);
    expect(calendarPeriods(HALF_HOUR)).toEqual([48, 336]);
    expect(calendarPeriods(86_400_000)).toEqual([7]);
    expect(calendarPeriods(7 * 3_600_000)).toEqual([24]);
  });

  it("finds taylor's daily and weekly cycles, from two weeks of it on", () => {
    expect(detectSeasons(taylor, HALF_HOUR)).toEqual([48, 336]);
    expect(detectSeasons(taylor.subarray(0, 672), HALF_HOUR)).toEqual([48, 336]);
    // Under two weeks the week is not considered at all.
    expect(detectSeasons(taylor.subarray(0, 671), HALF_HOUR)).toEqual([48]);
  });

  it('keeps the day for sub-daily data (the model selection judges it) but adds no cycle the data lacks', () => {
    const rng = createRng(4);
    const daily = Float64Array.from({ length: 4032 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + rng.normal());
    expect(detectSeasons(daily, FIVE_MIN)).toEqual([288]);
    const noise = Float64Array.from({ length: 4032 }, () => rng.normal());
    expect(detectSeasons(noise, FIVE_MIN)).toEqual([288]);
    let falseWeeks = 0;
    for (let seed = 0; seed < 20; seed++) {
      const r = createRng(100 + seed);
      const walk = new Float64Array(1344);
      for (let i = 1; i < walk.length; i++) walk[i] = 0.95 * (walk[i - 1] as number) + r.normal();
      if (detectSeasons(walk, HALF_HOUR).includes(336)) falseWeeks++;
    }
    expect(falseWeeks).toBeLessThanOrEqual(2);
  });

  it('finds an hourly job in 5-minute data and a weekend dip in 30-minute data', () => {
    const rng = createRng(5);
    const cron = Float64Array.from({ length: 2016 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + (i % 12 < 2 ? 5 : 0) + rng.normal());
    expect(detectSeasons(cron, FIVE_MIN)).toEqual([12, 288]);
    const weekend = Float64Array.from({ length: 1344 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 48) + (i % 336 >= 240 ? -3 : 0) + 2 * rng.normal());
    expect(detectSeasons(weekend, HALF_HOUR)).toEqual([48, 336]);
  });

  it('needs the spacing: no timestamps, no detected periods', () => {
    expect(detectSeasons(taylor, null)).toEqual([]);
  });
});
