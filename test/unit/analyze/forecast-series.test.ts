import { describe, expect, it } from 'vitest';
import { forecastSeries } from '../../../src/analyze/index.js';
import { createRng } from '../../../src/analyze/prng.js';
import { loadRSeries } from './r-reference.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2024-05-01T00:00:00Z');

function seasonalSeries(n: number, seed: number, m = 24): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => 100 + 0.05 * i + 10 * Math.sin((2 * Math.PI * i) / m) + rng.normal());
}

describe('forecastSeries', () => {
  it('returns the documented shape with bands in order', () => {
    const values = seasonalSeries(240, 1);
    const r = forecastSeries({ values, season: 24, horizon: 48 });
    expect(r.forecast).toHaveLength(48);
    expect(r.season).toBe(24);
    for (const p of r.forecast) {
      expect(p.lo95).toBeLessThanOrEqual(p.lo80);
      expect(p.lo80).toBeLessThanOrEqual(p.mean);
      expect(p.mean).toBeLessThanOrEqual(p.hi80);
      expect(p.hi80).toBeLessThanOrEqual(p.hi95);
    }
    expect(Number.isFinite(r.aicc)).toBe(true);
    expect(r.spec.season).not.toBe('N');
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('infers a daily period from hourly timestamps and stamps the forecast', () => {
    const values = seasonalSeries(24 * 12, 2);
    const timestamps = values.map((_, i) => T0 + i * HOUR);
    const r = forecastSeries({ values, timestamps, horizon: 3 });
    expect(r.season).toBe(24);
    expect(r.forecast.map((p) => p.timestamp)).toEqual([1, 2, 3].map((h) => (timestamps.at(-1) as number) + h * HOUR));
  });

  it('drops the season when there is too little data for it', () => {
    const values = seasonalSeries(30, 3);
    const r = forecastSeries({ values, season: 24, horizon: 5 });
    expect(r.seasonDropped).toBe(true);
    expect(r.season).toBe(1);
    expect(r.params.gamma).toBeNull();
  });

  it('keeps unused parameters null and honours a forced model', () => {
    const values = seasonalSeries(240, 4);
    expect(forecastSeries({ values, season: 24, horizon: 5, model: 'ses' }).params).toMatchObject({ beta: null, gamma: null, phi: null });
    const damped = forecastSeries({ values, season: 24, horizon: 5, model: 'damped' });
    expect(damped.model).toBe('damped');
    expect(damped.params.phi).toBeGreaterThanOrEqual(0.8);
    const hw = forecastSeries({ values, season: 24, horizon: 5, model: 'hw-mul' });
    expect(hw.ets).toBe('ETS(M,A,M)');
    expect(hw.intervals).toBe('simulated');
  });

  it('handles missing values: not zeros, not interpolated, excluded from the likelihood', () => {
    const full = seasonalSeries(240, 5);
    const gappy: (number | null)[] = full.map((v, i) => (i % 17 === 3 || (i > 100 && i < 110) ? null : v));
    const r = forecastSeries({ values: gappy, season: 24, horizon: 24, model: 'hw-add' });
    const missing = gappy.filter((v) => v === null).length;
    expect(r.fitted.observations).toBe(240 - missing);
    expect(r.anomalies.every((i) => gappy[i] !== null)).toBe(true);
    // Treating gaps as zeros would drag the level toward 0; the forecast stays near the complete-data one.
    const ref = forecastSeries({ values: full, season: 24, horizon: 24, model: 'hw-add' });
    const worst = Math.max(...r.forecast.map((p, h) => Math.abs(p.mean - (ref.forecast[h] as { mean: number }).mean)));
    expect(worst).toBeLessThan(3);
  });

  it('starts the fit at the first observation after leading gaps', () => {
    const values: (number | null)[] = [...new Array<null>(30).fill(null), ...seasonalSeries(200, 10)];
    const r = forecastSeries({ values, season: 24, horizon: 2 });
    expect(r.fitted).toEqual({ from: 30, to: 230, observations: 200 });
    expect(r.forecast.every((p) => Number.isFinite(p.mean) && Number.isFinite(p.hi95))).toBe(true);
  });

  it('propagates the state through trailing missing samples', () => {
    const values: (number | null)[] = [...seasonalSeries(200, 6), null, null, null];
    const timestamps = values.map((_, i) => T0 + i * HOUR);
    const r = forecastSeries({ values, timestamps, season: 24, horizon: 1 });
    expect(r.forecast[0]?.timestamp).toBe(T0 + 203 * HOUR);
  });

  it('flags in-sample anomalies outside the 99% one-step band', () => {
    const values = seasonalSeries(240, 7);
    values[150] = (values[150] as number) + 25;
    const r = forecastSeries({ values, season: 24, horizon: 5 });
    expect(r.anomalies).toContain(150);
    expect(r.anomalies.length).toBeLessThan(10);
  });

  it('time to threshold: mean crossing with an 80% interval, null when not within the horizon', () => {
    const rng = createRng(8);
    const values = Array.from({ length: 300 }, (_, i) => 20 + 0.1 * i + 0.5 * rng.normal());
    const up = forecastSeries({ values, horizon: 200, threshold: 60, model: 'holt' });
    const t = up.threshold;
    expect(t?.direction).toBe('up');
    // Level ≈ 50 after 300 steps, rising 0.1/step: about 100 steps to 60.
    expect(t?.eta?.steps).toBeGreaterThan(85);
    expect(t?.eta?.steps).toBeLessThan(115);
    expect(t?.earliest?.steps).toBeLessThanOrEqual(t?.eta?.steps ?? 0);
    expect(t?.latest === null || (t?.latest?.steps ?? 0) >= (t?.eta?.steps ?? 0)).toBe(true);
    expect(t?.eta?.timestamp).toBeNull();
    const never = forecastSeries({ values, horizon: 20, threshold: 1000, model: 'holt' });
    expect(never.threshold).toMatchObject({ value: 1000, eta: null, earliest: null, latest: null, horizon: 20 });
    const down = forecastSeries({ values, horizon: 20, threshold: 10, model: 'holt' });
    expect(down.threshold?.direction).toBe('down');
  });

  it('simulated intervals are deterministic for a seed', () => {
    const values = seasonalSeries(240, 9);
    const a = forecastSeries({ values, season: 24, horizon: 10, model: 'hw-mul', seed: 1 });
    const b = forecastSeries({ values, season: 24, horizon: 10, model: 'hw-mul', seed: 1 });
    expect(a.forecast).toEqual(b.forecast);
  });

  it('fitted likelihoods are at least as good as R for R’s chosen model', () => {
    let matched = 0;
    for (const s of loadRSeries()) {
      const r = forecastSeries({ values: s.values.slice(0, s.trainLength), season: s.frequency, horizon: 1 });
      if (['nottem', 'UKgas', 'lynx'].includes(s.name)) expect(r.ets).toBe(s.ets.method);
      if (r.ets !== s.ets.method) continue;
      matched++;
      // AICc in R's convention (-2 log L up to the same constant): lower or equal means a better optimum.
      expect(r.aicc, s.name).toBeLessThanOrEqual(s.ets.aicc + 0.05);
    }
    expect(matched).toBeGreaterThanOrEqual(12);
  });

  it('rejects bad input', () => {
    expect(() => forecastSeries({ values: [1, 2, 3], horizon: 2 })).toThrow(/too few points/);
    expect(() => forecastSeries({ values: [1, 2, 3, 4, 5, 6, 7, 8], horizon: 0 })).toThrow(/horizon/);
    expect(() => forecastSeries({ values: seasonalSeries(20, 1), season: 12, horizon: 2, model: 'hw-add' })).toThrow(/too few points/);
    expect(() => forecastSeries({ values: [1, 2], timestamps: [1], horizon: 1 })).toThrow(/differ in length/);
    expect(() => forecastSeries({ values: seasonalSeries(60, 1), horizon: 2, model: 'hw-add' })).toThrow(/needs a seasonal period/);
    expect(() => forecastSeries({ values: seasonalSeries(60, 1).map((v) => v - 100), season: 12, horizon: 2, model: 'hw-mul' })).toThrow(/strictly positive/);
    expect(() => forecastSeries({ values: [null, null, null, null, null, null, null, null], horizon: 1 })).toThrow(/0 observations/);
  });

  it('copes with a constant series: zero-width bands, no shifts, no anomalies', () => {
    const r = forecastSeries({ values: new Array<number>(60).fill(5), season: 12, horizon: 3 });
    expect(r.forecast.map((p) => [p.mean, p.lo95, p.hi95])).toEqual([
      [5, 5, 5],
      [5, 5, 5],
      [5, 5, 5],
    ]);
    expect(r.levelShift).toBeNull();
    expect(r.anomalies).toEqual([]);
  });
});
