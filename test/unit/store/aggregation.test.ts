import { describe, expect, it } from 'vitest';
import { encodeRollupChunk } from '../../../src/store/codec/rollup-chunk.js';
import { decodeRollupChunk, decodeRollupChunkScaled } from '../../../src/store/codec/rollup-decode.js';
import { RollupBuilder, snap } from '../../../src/store/rollup-builder.js';
import { StepBuckets } from '../../../src/store/step-buckets.js';

const run = (t: number[], v: number[]) => ({ t: Float64Array.from(t), v: Float64Array.from(v), n: t.length, scale: 2 });

describe('rollup builder', () => {
  it('merges samples of one bucket and keeps sums free of float error', () => {
    const b = new RollupBuilder();
    for (const v of [0.1, 0.2, 0.7]) b.add(60_000, v, 1);
    b.add(120_000, 5, 0);
    expect(b.columns()).toMatchObject({ n: 2, t: [60_000, 120_000], count: [3, 1], min: [0.1, 5], max: [0.7, 5], last: [0.7, 5], sum: [1, 5] });
    expect(snap(0.1 + 0.2, 1)).toBe(0.3);
    expect(snap(0.1 + 0.2, -1)).toBe(0.1 + 0.2);
  });

  it('continues a decoded window without losing or doubling its newest bucket', () => {
    const first = new RollupBuilder();
    first.add(0, 1, 0);
    first.add(60_000, 2, 0);
    const again = RollupBuilder.from(decodeRollupChunk(encodeRollupChunk(first.columns(), 60_000)));
    again.add(60_000, 4, 0);
    again.add(120_000, 3, 0);
    expect(again.columns()).toMatchObject({ t: [0, 60_000, 120_000], count: [1, 2, 1], sum: [1, 6, 3], min: [1, 2, 3], max: [1, 4, 3], last: [1, 4, 3] });
  });
});

describe('step buckets', () => {
  it('reports empty buckets as null, never zero', () => {
    const b = new StepBuckets(0, 10, 3);
    b.addSamples(run([5, 25], [1, 3]), -1);
    expect(b.points()).toEqual([
      { t: 0, v: 1, min: 1, max: 1, last: 1, count: 1 },
      { t: 10, v: null, min: null, max: null, last: null, count: 0 },
      { t: 20, v: 3, min: 3, max: 3, last: 3, count: 1 },
    ]);
  });

  it('combines rollups weighted by count, min of mins, max of maxes, last of the latest', () => {
    const r = new RollupBuilder();
    for (const v of [10, 20, 30, 40, 50, 60]) r.add(0, v, 0); // avg 35 over 6
    r.add(60_000, 100, 0); // avg 100 over 1
    r.add(180_000, 7, 0); // next answer bucket
    const enc = encodeRollupChunk(r.columns(), 60_000);
    const b = new StepBuckets(0, 120_000, 2);
    b.addRollups(decodeRollupChunkScaled(enc, true));
    const [p0, p1] = b.points();
    expect(p0).toEqual({ t: 0, v: (35 * 6 + 100) / 7, min: 10, max: 100, last: 100, count: 7 });
    expect(p1).toEqual({ t: 120_000, v: 7, min: 7, max: 7, last: 7, count: 1 });
  });

  it('adds only raw samples newer than the rolled-up mark and inside the buckets', () => {
    const b = new StepBuckets(100, 100, 2);
    b.addSamples(run([50, 120, 150, 250, 300], [9, 1, 2, 3, 9]), 120);
    expect(b.points().map((p) => p.count)).toEqual([1, 1]);
    expect(b.points().map((p) => p.v)).toEqual([2, 3]);
  });
});
