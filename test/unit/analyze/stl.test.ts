/**
 * STL and MSTL against R (scripts/fixtures/derive-stl-fixtures.R): the same decomposition to the
 * fixture's 10 significant digits, and gaps filled for the decomposition but kept missing downstream.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillGaps, mstl } from '../../../src/analyze/mstl.js';
import { stl } from '../../../src/analyze/stl.js';

type Ref = {
  co2: { period: number; sWindow: number; values: number[]; seasonal: number[]; trend: number[] };
  taylor3w: { periods: number[]; values: number[]; trend: number[]; seasonal48: number[]; seasonal336: number[] };
};
const ref = JSON.parse(readFileSync(new URL('../../fixtures/forecast/stl-reference.json', import.meta.url), 'utf8')) as Ref;

function maxRelDiff(a: ArrayLike<number>, b: number[]): number {
  const scale = Math.max(...b.map(Math.abs), 1);
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)) / scale);
  return worst;
}

describe('STL and MSTL as R computes them', () => {
  it("stl(co2, s.window = 7) matches R's seasonal and trend", () => {
    const r = stl(Float64Array.from(ref.co2.values), { period: ref.co2.period, sWindow: ref.co2.sWindow });
    expect(maxRelDiff(r.seasonal, ref.co2.seasonal)).toBeLessThan(1e-8);
    expect(maxRelDiff(r.trend, ref.co2.trend)).toBeLessThan(1e-8);
  });

  it('mstl of three weeks of taylor (48, 336) matches forecast::mstl', () => {
    const d = mstl(Float64Array.from(ref.taylor3w.values), { periods: ref.taylor3w.periods });
    expect(maxRelDiff(d.trend, ref.taylor3w.trend)).toBeLessThan(1e-8);
    expect(maxRelDiff(d.seasonals[0] as Float64Array, ref.taylor3w.seasonal48)).toBeLessThan(1e-8);
    expect(maxRelDiff(d.seasonals[1] as Float64Array, ref.taylor3w.seasonal336)).toBeLessThan(1e-8);
  });

  it('fills gaps for the decomposition only: the adjusted series keeps them missing', () => {
    const y = Float64Array.from(ref.taylor3w.values);
    for (const i of [0, 1, 500, 501, 502, 1007]) y[i] = Number.NaN;
    expect(Array.from(fillGaps(y).subarray(499, 504)).every(Number.isFinite)).toBe(true);
    const d = mstl(y, { periods: [48, 336] });
    expect([0, 1, 500, 501, 502, 1007].every((i) => Number.isNaN(d.adjusted[i]))).toBe(true);
    expect(d.adjusted.filter((v) => Number.isNaN(v))).toHaveLength(6);
    expect(d.seasonals.every((s) => s.every(Number.isFinite))).toBe(true);
  });
});
