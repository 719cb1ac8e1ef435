/**
 * Interval coverage on long simulated series with known parameters. The generator below is the
 * textbook error-correction form of each model (Hyndman et al. 2008, table 2.3), written
 * independently of the engine's recursions. Parameters are fitted on the first 2000 points; then
 * forecasts from successive origins (no refit) are scored against what the generator produced.
 * Simulated intervals use 200 paths: the floor defaultPaths() drops to for long horizons.
 */
import { describe, expect, it } from 'vitest';
import { etsRun, type EtsState } from '../../../src/analyze/ets-filter.js';
import { forecastBand } from '../../../src/analyze/ets-intervals.js';
import { forecastSeries } from '../../../src/analyze/index.js';
import { fitSeries } from '../../../src/analyze/series-fit.js';
import { createRng } from '../../../src/analyze/prng.js';
import type { ModelChoice } from '../../../src/analyze/index.js';
import { drawProfile } from '../../../src/simulate/host-profile.js';
import { hostPoints } from '../../../src/simulate/host-series.js';
import { report } from './r-reference.js';

type Case = { name: string; model: ModelChoice; m: number; generate: (n: number, seed: number) => number[]; intervals: 'analytic' | 'simulated' };

const seasonal = (m: number, amp: number): number[] => Array.from({ length: m }, (_, k) => amp * Math.sin((2 * Math.PI * k) / m));

const cases: Case[] = [
  {
    name: 'ANN (SES), alpha 0.3',
    model: 'ses',
    m: 1,
    intervals: 'analytic',
    generate: (n, seed) => {
      const rng = createRng(seed);
      let l = 100;
      return Array.from({ length: n }, () => {
        const e = 2 * rng.normal();
        const y = l + e;
        l += 0.3 * e;
        return y;
      });
    },
  },
  {
    name: 'AAA (Holt-Winters additive), m = 12',
    model: 'hw-add',
    m: 12,
    intervals: 'analytic',
    generate: (n, seed) => {
      const rng = createRng(seed);
      let l = 50;
      let b = 0.05;
      const s = seasonal(12, 10);
      return Array.from({ length: n }, (_, t) => {
        const k = t % 12;
        const e = rng.normal();
        const y = l + b + (s[k] as number) + e;
        l = l + b + 0.2 * e;
        b = b + 0.01 * e;
        s[k] = (s[k] as number) + 0.1 * e;
        return y;
      });
    },
  },
  {
    name: 'MAM (Holt-Winters multiplicative), m = 12',
    model: 'hw-mul',
    m: 12,
    intervals: 'simulated',
    generate: (n, seed) => {
      const rng = createRng(seed);
      let l = 200;
      let b = 0.02;
      const s = seasonal(12, 0.2).map((v) => 1 + v);
      return Array.from({ length: n }, (_, t) => {
        const k = t % 12;
        const e = 0.03 * rng.normal();
        const y = (l + b) * (s[k] as number) * (1 + e);
        const q = l + b;
        l = q * (1 + 0.25 * e);
        b = b + 0.0002 * q * e;
        s[k] = (s[k] as number) * (1 + 0.1 * e);
        return y;
      });
    },
  },
];

const FIT = 2000;
const TOTAL = 12_000;
const H = 12;

describe('prediction interval coverage on simulated series', () => {
  for (const c of cases) {
    it(`${c.name}: 80% and 95% within ±3 points (${c.intervals})`, () => {
      const y = c.generate(TOTAL, 1234);
      const sf = fitSeries({ values: y.slice(0, FIT), season: c.m, horizon: H, model: c.model, maxFitPoints: FIT });
      const { spec, smoothing: p } = sf.model;
      expect(forecastSeries({ values: y.slice(0, FIT), season: c.m, horizon: H, model: c.model, maxFitPoints: FIT }).intervals).toBe(c.intervals);
      const series = Float64Array.from(y);
      let state: EtsState = sf.model.state;
      let in80 = 0;
      let in95 = 0;
      let count = 0;
      for (let origin = FIT; origin + H <= TOTAL; origin += H) {
        const band = forecastBand({ spec, p, state, horizon: H, sigma2: sf.model.sigma2, paths: 200, seed: origin });
        for (let h = 0; h < H; h++) {
          const actual = series[origin + h] as number;
          if (actual >= (band.lo80[h] as number) && actual <= (band.hi80[h] as number)) in80++;
          if (actual >= (band.lo95[h] as number) && actual <= (band.hi95[h] as number)) in95++;
          count++;
        }
        state = etsRun(series.subarray(origin, origin + H), spec, p, state).final;
      }
      const cov80 = (100 * in80) / count;
      const cov95 = (100 * in95) / count;
      report(
        `${c.name}: fitted ${spec.error},${spec.trend},${spec.season} alpha=${p.alpha.toFixed(3)} → coverage 80%: ${cov80.toFixed(1)}, 95%: ${cov95.toFixed(1)} over ${count} forecasts`,
      );
      expect(Math.abs(cov80 - 80)).toBeLessThanOrEqual(3);
      expect(Math.abs(cov95 - 95)).toBeLessThanOrEqual(3);
    });
  }
});

/**
 * The decomposed forecast's bands: MSTL + ETS bands alone cover too little (the seasonal components
 * absorb part of the noise, and carry their own estimation error forward); calibrated on the tail
 * validation they should hold. Weekly-cycle CPU from `checkup simulate`'s generator, at a weekly
 * report's 30-minute step: a day ahead from each day of the last week, six hosts (about 2 s of CPU).
 */
describe('prediction interval coverage of decomposed forecasts', () => {
  it('MSTL + ETS on weekly-cycle series: 80% and 95% within ±3 points', () => {
    const step = 30 * 60_000;
    const to = Date.UTC(2026, 0, 5);
    const from = to - 35 * 86_400_000;
    let in80 = 0;
    let in95 = 0;
    let count = 0;
    let decomposed = 0;
    for (let i = 0; i < 6; i++) {
      const profile = drawProfile(i, createRng(7 * 1_000_003 + i));
      const { points } = hostPoints(profile, { from, to, step, rng: createRng(7 * 7_919 + i * 31 + 1) });
      const byT = new Map(points.filter((p) => p.metric === 'cpu.total' && !p.labels).map((p) => [p.t, p.v]));
      const timestamps = Array.from({ length: (to - from) / step }, (_, k) => from + k * step);
      const values = timestamps.map((t) => byT.get(t) ?? null);
      for (let o = values.length - 336; o < values.length; o += 48) {
        const r = forecastSeries({ values: values.slice(0, o), timestamps: timestamps.slice(0, o), horizon: 48 });
        if (r.model.startsWith('mstl')) decomposed++;
        r.forecast.forEach((p, h) => {
          const a = values[o + h];
          if (a === null || a === undefined) return;
          count++;
          if (a >= p.lo80 && a <= p.hi80) in80++;
          if (a >= p.lo95 && a <= p.hi95) in95++;
        });
      }
    }
    const cov80 = (100 * in80) / count;
    const cov95 = (100 * in95) / count;
    report(
      `MSTL + ETS, weekly-cycle CPU (6 hosts, a day ahead from 7 origins): coverage 80%: ${cov80.toFixed(1)}, 95%: ${cov95.toFixed(1)} over ${count} forecasts; ${decomposed}/42 decomposed`,
    );
    expect(decomposed).toBeGreaterThanOrEqual(30);
    expect(Math.abs(cov80 - 80)).toBeLessThanOrEqual(3);
    expect(Math.abs(cov95 - 95)).toBeLessThanOrEqual(3);
  }, 20_000);
});
