import { describe, expect, it } from 'vitest';
import { createAdmissibilityCheck, rootsInsideUnitCircle } from '../../../src/analyze/admissible.js';
import { decompose } from '../../../src/analyze/decompose.js';
import { nelderMead } from '../../../src/analyze/nelder-mead.js';
import { createRng } from '../../../src/analyze/prng.js';
import { inferSeason, chooseSeason } from '../../../src/analyze/season.js';
import { median, normalQuantile, quantileInPlace, quantilesInPlace } from '../../../src/analyze/stats.js';
import { createBandQuantiler } from '../../../src/analyze/tail-quantiles.js';

describe('nelderMead', () => {
  it('minimises Rosenbrock', () => {
    const r = nelderMead({
      f: (x) => 100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2 + (1 - (x[0] as number)) ** 2,
      x0: [-1.2, 1],
      steps: [0.5, 0.5],
      relTol: 1e-12,
      restarts: 3,
      maxEvals: 5000,
    });
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });

  it('respects bounds: the optimum of (x - 2)² in [0, 1] is the bound', () => {
    const r = nelderMead({ f: (x) => ((x[0] as number) - 2) ** 2, x0: [0.5], steps: [0.1], lower: [0], upper: [1], restarts: 2 });
    expect(r.x[0]).toBe(1);
  });
});

describe('admissibility', () => {
  it('Schur-Cohn agrees with known roots', () => {
    // (z - 0.5)(z + 0.9) = z² + 0.4z - 0.45: inside. (z - 1.1)(z - 0.2) = z² - 1.3z + 0.22: not.
    expect(rootsInsideUnitCircle(Float64Array.from([-0.45, 0.4, 1]), 2, new Float64Array(3))).toBe(true);
    expect(rootsInsideUnitCircle(Float64Array.from([0.22, -1.3, 1]), 2, new Float64Array(3))).toBe(false);
  });

  it('accepts ordinary seasonal parameters and rejects gamma beyond 1 + 1/phi - alpha', () => {
    const ok = createAdmissibilityCheck(12);
    expect(ok(0.3, 0.01, 0.1, 1)).toBe(true);
    expect(ok(0.3, 0.01, 1.8, 1)).toBe(false);
  });
});

describe('season inference', () => {
  it('daily for sub-hourly data, weekly for hourly data with enough weeks', () => {
    expect(inferSeason({ stepMs: 300_000, observations: 10_000 })).toBe(288);
    expect(inferSeason({ stepMs: 60_000, observations: 10_000 })).toBe(1440);
    expect(inferSeason({ stepMs: 3_600_000, observations: 24 * 30 })).toBe(168);
    expect(inferSeason({ stepMs: 3_600_000, observations: 24 * 10 })).toBe(24);
    expect(inferSeason({ stepMs: 86_400_000, observations: 100 })).toBe(7);
    expect(inferSeason({ stepMs: null, observations: 100 })).toBe(1);
  });

  it('drops a period the data cannot support', () => {
    expect(chooseSeason({ stepMs: 300_000, observations: 400 })).toEqual({ season: 1, requested: null, dropped: true });
    expect(chooseSeason({ season: 12, stepMs: null, observations: 30 })).toEqual({ season: 12, requested: 12, dropped: false });
    expect(chooseSeason({ season: 12, stepMs: null, observations: 20 }).dropped).toBe(true);
  });
});

describe('numeric helpers', () => {
  it('normal quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 5);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
  });

  it('quantiles and medians skip NaN and interpolate like R type 7', () => {
    expect(median([3, Number.NaN, 1, 2])).toBe(2);
    expect(quantileInPlace(Float64Array.from([1, 2, 3, 4]), 0.25)).toBeCloseTo(1.75, 12);
  });

  it('tail quantiles equal type-7 quantiles of the whole column, skewed or constant columns included', () => {
    const rng = createRng(3);
    const probs = [0.025, 0.1, 0.9, 0.975];
    for (const n of [200, 1000, 1001]) {
      const q = createBandQuantiler(n, probs);
      for (let t = 0; t < 60; t++) {
        const col = Float64Array.from({ length: n }, () => rng.normal());
        if (t % 3 === 1) col.forEach((v, i) => (col[i] = Math.exp(2 * v)));
        if (t % 3 === 2) col.fill(7);
        const fast = new Float64Array(4);
        const ref = new Float64Array(4);
        q(col, fast);
        quantilesInPlace(Float64Array.from(col), probs, ref);
        expect(Array.from(fast)).toEqual(Array.from(ref));
      }
    }
  });

  it('the PRNG is deterministic per seed and roughly standard normal', () => {
    const a = createRng(5);
    const b = createRng(5);
    const xs = Array.from({ length: 20_000 }, () => a.normal());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.normal()));
    const mu = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mu) ** 2, 0) / xs.length);
    expect(Math.abs(mu)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    // Ziggurat tails: P(|z| > 1.96) = 5%, P(z > 3) = 0.135%.
    expect(Math.abs(xs.filter((x) => Math.abs(x) > 1.959964).length / xs.length - 0.05)).toBeLessThan(0.005);
    const many = Array.from({ length: 400_000 }, () => a.normal());
    expect(Math.abs(many.filter((x) => x > 3).length / many.length - 0.00135)).toBeLessThan(0.0003);
  });

  it('decompose recovers an additive seasonal figure', () => {
    const y = Float64Array.from({ length: 48 }, (_, i) => 10 + 0.5 * i + [3, -1, -2, 0][i % 4]!);
    const { figure } = decompose(y, 4, 'additive');
    expect(Array.from(figure).map((v) => Math.round(v * 1000) / 1000)).toEqual([3, -1, -2, 0]);
  });
});
