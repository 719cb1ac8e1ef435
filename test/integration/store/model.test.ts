import { afterAll, describe, expect, it } from 'vitest';
import { planQuery } from '../../../src/store/tiers.js';
import type { Labels, Point, RangePoint } from '../../../src/store/types.js';
import { mulberry32, randInt } from '../../utils/prng.js';
import { DAY, RETENTION, testStore } from '../../utils/test-store.js';

const ts = testStore();
afterAll(() => ts.cleanup());

const HOUR = 3_600_000;
const SERIES: Array<{ metric: string; labels: Labels }> = [
  { metric: 'cpu', labels: {} },
  { metric: 'disk', labels: { mount: '/' } },
  { metric: 'disk', labels: { mount: '/var' } },
];

/**
 * Random appends (live and bulk, re-sent and out-of-order), compactions and queries against a
 * plain model: the store must answer exactly what the accepted samples say, whatever the tier.
 */
describe('store against a model', () => {
  it('agrees with the model after random operations (seeded)', async () => {
    const rand = mulberry32(2025);
    const store = ts.make({ chunkSize: 16 });
    const start = Date.UTC(2025, 5, 1);
    const model = SERIES.map(() => [] as Array<{ t: number; v: number }>);
    let now = start;
    let checked = 0;
    for (let step = 0; step < 120; step++) {
      ts.clock.now = now;
      const op = rand();
      if (op < 0.7) {
        const points: Point[] = [];
        const n = rand() < 0.2 ? randInt(rand, 10, 60) : 1;
        for (const s of SERIES) {
          if (rand() < 0.3) continue;
          for (let i = 0; i < n; i++) {
            // Mostly new samples; sometimes re-sent or older ones, which must be dropped.
            const t = rand() < 0.15 ? now - randInt(rand, 0, HOUR) : now + i * 10_000 + randInt(rand, 0, 50);
            points.push({ ...s, t, v: Math.round(rand() * 1e4) / 100 });
          }
        }
        await store.append('m', points);
        for (const [k, s] of SERIES.entries()) {
          const mine = points.filter((p) => p.metric === s.metric && JSON.stringify(p.labels) === JSON.stringify(s.labels)).sort((a, b) => a.t - b.t);
          for (const p of mine) {
            const last = model[k]!.at(-1)?.t ?? -1;
            if (p.t > last) model[k]!.push({ t: p.t, v: p.v });
          }
        }
        now += n * 10_000 + randInt(rand, 0, 2 * HOUR);
      } else if (op < 0.85) {
        await store.compact('m', now);
      } else {
        for (const [k, s] of SERIES.entries()) {
          const from = now - randInt(rand, 0, 5 * DAY);
          const to = from + randInt(rand, HOUR, 3 * DAY);
          const stepMs = [10_000, 60_000, 15 * 60_000, HOUR, 6 * HOUR][randInt(rand, 0, 5)]!;
          const [got] = await store.range({ host: 'm', metric: s.metric, labels: s.labels, from, to, step: stepMs });
          const plan = planQuery({ from, step: stepMs, now, retention: RETENTION });
          if (model[k]!.length === 0) continue;
          expect(got?.tier).toBe(plan.tier);
          const want = buckets(model[k]!, from, to, plan.step);
          // Raw retention is kept in whole chunks from now - 2 days: a first bucket reaching
          // further back may have lost its oldest samples to trimming, by design.
          const skip = plan.tier === 'raw' && Math.floor(from / plan.step) * plan.step < now - RETENTION.rawMs ? 1 : 0;
          const have = got?.points.slice(skip) ?? [];
          expect(strip(have)).toEqual(strip(want.slice(skip)));
          have.forEach((p, i) => (p.v === null ? expect(want[i + skip]?.v).toBeNull() : expect(p.v).toBeCloseTo(want[i + skip]!.v!, 8)));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

const strip = (ps: RangePoint[]) => ps.map((p) => ({ ...p, v: p.v === null ? null : 0 }));

/** Expected whole buckets from the accepted samples. */
function buckets(data: Array<{ t: number; v: number }>, from: number, to: number, step: number): RangePoint[] {
  const out: RangePoint[] = [];
  for (let b = Math.floor(from / step) * step; b <= Math.floor(to / step) * step; b += step) {
    const vs = data.filter((s) => s.t >= b && s.t < b + step).map((s) => s.v);
    out.push(
      vs.length === 0
        ? { t: b, v: null, min: null, max: null, last: null, count: 0 }
        : { t: b, v: vs.reduce((a, c) => a + c, 0) / vs.length, min: Math.min(...vs), max: Math.max(...vs), last: vs[vs.length - 1]!, count: vs.length },
    );
  }
  return out;
}
