/**
 * Several seasons: taylor (half-hourly, days and weeks) against R's stlf and seasonal naive on the
 * same origins (scripts/fixtures/derive-taylor-fixture.R), the CLI's naming of the method, and time to
 * threshold looking past the horizon. Figures are printed; bench:forecast prints them all in one run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forecastSeries } from '../../../src/analyze/index.js';
import { createRng } from '../../../src/analyze/prng.js';
import { mase, report } from './r-reference.js';

const dir = new URL('../../fixtures/forecast/', import.meta.url);
const rows = readFileSync(new URL('taylor.csv', dir), 'utf8').trim().split('\n').slice(1);
const values = rows.map((l) => Number(l.split(',')[1]));
const timestamps = rows.map((l) => Date.parse(l.split(',')[0] as string));
type RRef = { weekOrigins: number[]; stlfWeek: number[]; snaiveWeek: number[]; dayOrigins: number[]; stlfDay: number[]; snaiveDay: number[] };
const r = JSON.parse(readFileSync(new URL('taylor-r-reference.json', dir), 'utf8')) as RRef;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

const at = (origin: number, horizon: number) => {
  const result = forecastSeries({ values: values.slice(0, origin), timestamps: timestamps.slice(0, origin), horizon });
  return {
    result,
    mase: mase(
      result.forecast.map((p) => p.mean),
      values.slice(origin, origin + horizon),
      values.slice(0, origin),
      336,
    ),
  };
};

describe('multiple seasonality on taylor', () => {
  const weeks = r.weekOrigins.map((o) => at(o, 336));
  const days = r.dayOrigins.map((o) => at(o, 48));

  it('detects days and weeks and names the method', () => {
    const last = weeks.at(-1)?.result;
    expect(last?.seasons).toEqual([48, 336]);
    expect(last?.season).toBe(336);
    expect(last?.model).toMatch(/^mstl\(48,336(;log)?\)\+ets\([AM],(N|A|Ad),N\)$/);
    expect(last?.selection.strategy).toBe('validated');
  });

  it("forecasts a week ahead better than R's stlf and seasonal naive over the last six weeks", () => {
    const ours = weeks.map((w) => w.mase);
    report(
      `taylor h=336, last six weeks: checkup ${ours.map((v) => v.toFixed(3)).join(' ')} (mean ${mean(ours).toFixed(3)}); R stlf mean ${mean(r.stlfWeek).toFixed(3)}; snaive mean ${mean(r.snaiveWeek).toFixed(3)}; last week ${ours.at(-1)?.toFixed(3)} vs R stlf ${r.stlfWeek.at(-1)?.toFixed(3)}, snaive ${r.snaiveWeek.at(-1)?.toFixed(3)}`,
    );
    expect(mean(ours)).toBeLessThan(mean(r.stlfWeek));
    expect(mean(ours)).toBeLessThan(mean(r.snaiveWeek));
    expect(ours.at(-1)).toBeLessThan(r.stlfWeek.at(-1) as number);
  });

  it("forecasts a day ahead at least as well as R's stlf, and better than seasonal naive", () => {
    const ours = days.map((d) => d.mase);
    report(`taylor h=48, last seven days: checkup mean ${mean(ours).toFixed(3)}; R stlf ${mean(r.stlfDay).toFixed(3)}; snaive ${mean(r.snaiveDay).toFixed(3)}`);
    expect(mean(ours)).toBeLessThanOrEqual(1.02 * mean(r.stlfDay));
    expect(mean(ours)).toBeLessThan(mean(r.snaiveDay));
  });

  it('--seasons names them; a forced model fits one season; the JSON stays as it was', () => {
    const named = forecastSeries({ values: values.slice(0, 2016), seasons: [48, 336], horizon: 12 });
    expect(named.seasons).toEqual([48, 336]);
    expect(named.model).toMatch(/^(mstl\(48,336(;log)?\)\+ets|snaive\(336\)|mean\()/);
    const forced = forecastSeries({ values: values.slice(0, 2016), seasons: [48, 336], horizon: 12, model: 'hw-add' });
    expect(forced.model).toBe('hw-add');
    expect(forced.seasons).toEqual([48]);
  });
});

describe('time to threshold past the horizon', () => {
  const HOUR = 3_600_000;
  const rng = createRng(21);
  const ys = Array.from({ length: 24 * 28 }, (_, i) => 40 + 0.02 * i + 3 * Math.sin((2 * Math.PI * i) / 24) + 0.3 * rng.normal());
  const ts = ys.map((_, i) => i * HOUR);

  it('finds a crossing weeks ahead of a one-day horizon, with timestamps', () => {
    const res = forecastSeries({ values: ys, timestamps: ts, horizon: 24, threshold: 60 });
    expect(res.forecast).toHaveLength(24);
    const t = res.threshold;
    // The daily peaks reach about 53.4 + 3 and rise 0.02 an hour: about 180 hours to 60.
    expect(t?.eta?.steps).toBeGreaterThan(120);
    expect(t?.eta?.steps).toBeLessThan(300);
    expect(t?.eta?.timestamp).toBe((ts.at(-1) as number) + (t?.eta?.steps as number) * HOUR);
    expect(t?.horizon).toBe(365 * 24);
    expect(t?.earliest?.steps).toBeLessThanOrEqual(t?.eta?.steps as number);
  });

  it('looks as far as the limit says, and only the horizon without timestamps', () => {
    expect(forecastSeries({ values: ys, timestamps: ts, horizon: 24, threshold: 60, thresholdLimitMs: 7 * 24 * HOUR }).threshold).toMatchObject({
      horizon: 168,
      eta: null,
    });
    expect(forecastSeries({ values: ys, horizon: 24, threshold: 60 }).threshold).toMatchObject({ horizon: 24, eta: null });
    expect(() => forecastSeries({ values: ys, timestamps: ts, horizon: 24, threshold: 60, thresholdLimitMs: -1 })).toThrow(/thresholdLimitMs/);
  });
});
