/**
 * Accuracy against R's forecast::ets on standard datasets: hold out the last two seasons (20% for
 * non-seasonal series), select automatically, compare out-of-sample MASE. Prints the MASE table.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forecastSeries } from '../../../src/analyze/index.js';
import { loadRSeries, mase, report } from './r-reference.js';

type Row = { name: string; rModel: string; ours: string; rMase: number; oursMase: number; snaive: number };

describe('automatic selection vs R forecast::ets', () => {
  const series = loadRSeries();
  const rows: Row[] = series.map((s) => {
    const train = s.values.slice(0, s.trainLength);
    const test = s.values.slice(s.trainLength);
    const result = forecastSeries({ values: train, season: s.frequency, horizon: s.horizon });
    return {
      name: s.name,
      rModel: s.ets.method,
      ours: result.ets,
      rMase: s.ets.mase,
      oursMase: mase(
        result.forecast.map((p) => p.mean),
        test,
        train,
        s.frequency,
      ),
      snaive: s.snaiveMase,
    };
  });

  it('covers at least 8 series, seasonal and not', () => {
    expect(series.length).toBeGreaterThanOrEqual(8);
    expect(series.filter((s) => s.frequency > 1).length).toBeGreaterThanOrEqual(4);
    expect(series.filter((s) => s.frequency === 1).length).toBeGreaterThanOrEqual(4);
  });

  it('prints the MASE table', () => {
    const lines = rows.map(
      (r) =>
        `${r.name.padEnd(15)} ${r.rModel.padEnd(13)} ${r.rMase.toFixed(4).padStart(8)}  ${r.ours.padEnd(13)} ${r.oursMase.toFixed(4).padStart(8)}  ${r.snaive.toFixed(4).padStart(8)}`,
    );
    const meanR = rows.reduce((a, r) => a + r.rMase, 0) / rows.length;
    const meanOurs = rows.reduce((a, r) => a + r.oursMase, 0) / rows.length;
    report(
      [
        `${'series'.padEnd(15)} ${'R ets'.padEnd(13)} ${'MASE'.padStart(8)}  ${'checkup'.padEnd(13)} ${'MASE'.padStart(8)}  ${'snaive'.padStart(8)}`,
        ...lines,
        `mean MASE: R ${meanR.toFixed(4)}, checkup ${meanOurs.toFixed(4)} (ratio ${(meanOurs / meanR).toFixed(3)}); ` +
          `mean of per-series ratios ${(rows.reduce((a, r) => a + r.oursMase / r.rMase, 0) / rows.length).toFixed(3)}; ` +
          `same model as R on ${rows.filter((r) => r.ours === r.rModel).length}/${rows.length}`,
      ].join('\n'),
    );
    expect(rows.every((r) => Number.isFinite(r.oursMase))).toBe(true);
  });

  it('is at least as accurate as R on average: mean MASE and mean of per-series ratios', () => {
    const meanR = rows.reduce((a, r) => a + r.rMase, 0) / rows.length;
    const meanOurs = rows.reduce((a, r) => a + r.oursMase, 0) / rows.length;
    expect(meanOurs).toBeLessThanOrEqual(meanR);
    expect(rows.reduce((a, r) => a + r.oursMase / r.rMase, 0) / rows.length).toBeLessThanOrEqual(1);
  });

  it('gets no series more than 2% worse than the engine before several seasons (issue 17)', () => {
    const before = (
      JSON.parse(readFileSync(new URL('../../fixtures/forecast/baseline-mase.json', import.meta.url), 'utf8')) as { mase: Record<string, number> }
    ).mase;
    const worse = rows.filter((r) => r.oursMase > 1.02 * (before[r.name] as number)).map((r) => `${r.name}: ${r.oursMase} vs ${before[r.name]}`);
    expect(worse).toEqual([]);
  });

  it('is never worse than seasonal naive where ets beats it', () => {
    const failures = rows.filter((r) => r.rMase < r.snaive && r.oursMase > r.snaive).map((r) => `${r.name}: ${r.oursMase} > snaive ${r.snaive}`);
    expect(failures).toEqual([]);
  });
});
