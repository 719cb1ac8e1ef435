import { describe, expect, it } from 'vitest';
import { detectLevelShifts, forecastSeries } from '../../../src/analyze/index.js';
import { createRng } from '../../../src/analyze/prng.js';
import { report } from './r-reference.js';

const FIVE_MIN = 300_000;
const T0 = Date.parse('2024-03-01T00:00:00Z');

/** Disk usage in %: fills at `slope1`, a cleanup at `cleanAt` empties it to `after`, then fills at `slope2`. */
function disk(input: { n: number; cleanAt: number; slope1: number; slope2: number; after: number; noise: number; seed: number }): number[] {
  const rng = createRng(input.seed);
  return Array.from({ length: input.n }, (_, i) => {
    const base = i < input.cleanAt ? 40 + input.slope1 * i : input.after + input.slope2 * (i - input.cleanAt);
    return base + input.noise * rng.normal();
  });
}

describe('level shifts', () => {
  it('a disk that fills, is cleaned and fills again gets its time-to-full from the last segment', () => {
    const values = disk({ n: 3000, cleanAt: 1800, slope1: 0.01, slope2: 0.02, after: 20, noise: 0.15, seed: 3 });
    const timestamps = values.map((_, i) => T0 + i * FIVE_MIN);
    const result = forecastSeries({ values, timestamps, horizon: 4000, threshold: 90, model: 'holt' });
    expect(result.levelShift?.at).toBe(1800);
    expect(result.levelShift?.timestamp).toBe(timestamps[1800]);
    expect(result.levelShift?.size).toBeLessThan(-30);
    // Fitted after the shift (on the most recent window of it).
    expect(result.fitted.from).toBeGreaterThanOrEqual(1800);
    // Last segment: at 20 + 0.02 × 1199 ≈ 44 % and rising 0.02 %/step → 90 % in about 2300 steps.
    const truth = (90 - (20 + 0.02 * 1199)) / 0.02;
    const eta = result.threshold?.eta?.steps ?? Number.NaN;
    expect(Math.abs(eta - truth) / truth).toBeLessThan(0.1);
    expect(result.threshold?.eta?.timestamp).toBe((timestamps.at(-1) as number) + eta * FIVE_MIN);
    const { earliest, latest } = result.threshold ?? {};
    expect(earliest?.steps ?? Number.NaN).toBeLessThanOrEqual(eta);
    expect(latest === null || (latest?.steps ?? 0) >= eta).toBe(true);
  });

  it('fits on all the history (cleanup included) when detection is off', () => {
    const values = disk({ n: 3000, cleanAt: 1800, slope1: 0.01, slope2: 0.02, after: 20, noise: 0.15, seed: 3 });
    const off = forecastSeries({ values, horizon: 4000, threshold: 90, model: 'holt', detectLevelShifts: false, maxFitPoints: 3000 });
    const on = forecastSeries({ values, horizon: 4000, threshold: 90, model: 'holt', maxFitPoints: 3000 });
    expect(off.levelShift).toBeNull();
    expect(off.fitted.from).toBe(0);
    expect(on.fitted.from).toBe(1800);
    const truth = (90 - (20 + 0.02 * 1199)) / 0.02;
    const err = (r: typeof on): number => Math.abs((r.threshold?.eta?.steps ?? 1e9) - truth);
    report(`disk time-to-90%: truth ${truth.toFixed(0)} steps, after shift ${on.threshold?.eta?.steps}, whole history ${off.threshold?.eta?.steps ?? 'none'}`);
    expect(err(on)).toBeLessThan(err(off));
  });

  it('a spike that comes back is an anomaly, not a shift', () => {
    const rng = createRng(9);
    const values = Array.from({ length: 500 }, () => 50 + rng.normal());
    values[300] = 90;
    expect(detectLevelShifts(Float64Array.from(values))).toEqual([]);
    const result = forecastSeries({ values, horizon: 5 });
    expect(result.levelShift).toBeNull();
    expect(result.anomalies).toContain(300);
  });

  it('a step that recurs every season is the seasonal pattern, not a shift', () => {
    const rng = createRng(11);
    // Business hours: +30 from 09:00 to 17:00 every day, hourly samples over three weeks.
    const values = Array.from({ length: 24 * 21 }, (_, i) => (i % 24 >= 9 && i % 24 < 17 ? 80 : 50) + rng.normal());
    expect(detectLevelShifts(Float64Array.from(values), { season: 24 })).toEqual([]);
  });

  it('finds a rotation drop in an otherwise smooth series with gaps', () => {
    const values: (number | null)[] = Array.from({ length: 400 }, (_, i) => (i < 250 ? 10 + 0.1 * i : 1 + 0.1 * (i - 250)));
    values[100] = null;
    values[251] = null;
    const shifts = detectLevelShifts(Float64Array.from(values, (v) => v ?? Number.NaN));
    expect(shifts.map((s) => s.index)).toEqual([250]);
  });
});
