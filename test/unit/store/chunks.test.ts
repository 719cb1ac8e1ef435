import { describe, expect, it } from 'vitest';
import { decodeRawChunk, encodeRawChunk } from '../../../src/store/codec/raw-chunk.js';
import { encodeRollupChunk, type RollupColumns } from '../../../src/store/codec/rollup-chunk.js';
import { decodeRollupChunk, decodeRollupChunkScaled } from '../../../src/store/codec/rollup-decode.js';
import { gaussian, mulberry32, randInt } from '../../utils/prng.js';
import { generateHost } from '../../utils/realistic-metrics.js';

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`index ${i}: got ${a[i]}, want ${b[i]}`);
};

describe('raw chunk', () => {
  it('round-trips irregular timestamps and mixed values exactly', () => {
    const rand = mulberry32(3);
    for (let iter = 0; iter < 100; iter++) {
      const n = randInt(rand, 1, 400);
      let t = 1_600_000_000_000 + randInt(rand, 0, 1e9);
      const ts: number[] = [];
      const vs: number[] = [];
      for (let i = 0; i < n; i++) {
        // Mostly 10 s, sometimes an outage of hours, sometimes two samples 1 ms apart.
        t += rand() < 0.02 ? randInt(rand, 1, 9e6) : rand() < 0.02 ? 1 : 10_000 + randInt(rand, -30, 30);
        ts.push(t);
        vs.push(iter % 2 === 0 ? Math.round(gaussian(rand) * 1e4) / 100 : gaussian(rand) * 1e9);
      }
      const d = decodeRawChunk(encodeRawChunk(ts, vs));
      expect(d.n).toBe(n);
      same(d.t, ts);
      same(d.v, vs);
    }
  });

  it('stays under 2.2 bytes per sample on realistic rounded host metrics', () => {
    const h = generateHost({ seed: 5, start: Date.UTC(2025, 0, 1), ticks: 2400 });
    let bytes = 0;
    let samples = 0;
    for (const s of h.series) {
      for (let i = 0; i < h.t.length; i += 240) {
        bytes += encodeRawChunk(h.t.slice(i, i + 240), s.v.slice(i, i + 240)).length;
        samples += 240;
      }
    }
    expect(bytes / samples).toBeLessThan(2.2);
  });
});

type Buckets = RollupColumns & { t: number[]; count: number[]; min: number[]; max: number[]; sum: number[]; last: number[] };

function rollups(n: number, opts: { rand: () => number; decimals: number; single?: boolean }): Buckets {
  const r = { n, t: [] as number[], count: [] as number[], min: [] as number[], max: [] as number[], sum: [] as number[], last: [] as number[] };
  const p = 10 ** opts.decimals;
  for (let i = 0; i < n; i++) {
    const vals = Array.from({ length: opts.single ? 1 : randInt(opts.rand, 1, 7) }, () => Math.round((50 + 20 * gaussian(opts.rand)) * p) / p);
    r.t.push(1_700_000_040_000 + i * 60_000 - (1_700_000_040_000 % 60_000));
    r.count.push(vals.length);
    r.min.push(Math.min(...vals));
    r.max.push(Math.max(...vals));
    r.sum.push(Math.round(vals.reduce((a, b) => a + b, 0) * p) / p);
    r.last.push(vals[vals.length - 1]!);
  }
  return r;
}

describe('rollup chunk', () => {
  it('round-trips buckets exactly in both layouts', () => {
    const rand = mulberry32(11);
    for (const decimals of [0, 2, 3]) {
      const r = rollups(360, { rand, decimals });
      const d = decodeRollupChunk(encodeRollupChunk(r, 60_000));
      for (const k of ['t', 'count', 'min', 'max', 'sum', 'last'] as const) same(d[k], r[k]);
    }
    const irrational = { ...rollups(50, { rand, decimals: 2 }) };
    irrational.sum = irrational.sum.map((s) => s / 3);
    const d = decodeRollupChunk(encodeRollupChunk(irrational, 60_000));
    expect(d.scale).toBe(-1);
    for (const k of ['t', 'count', 'min', 'max', 'sum', 'last'] as const) same(d[k], irrational[k]);
  });

  it('makes single-sample buckets (5-minute backfill) cost about one value', () => {
    const rand = mulberry32(12);
    const single = rollups(288, { rand, decimals: 2, single: true });
    single.t = single.t.map((_, i) => 1_700_000_100_000 - (1_700_000_100_000 % 300_000) + i * 300_000);
    const bytes = encodeRollupChunk(single, 60_000).length;
    expect(bytes / single.n).toBeLessThan(2.5);
  });

  it('scaled decoding agrees with double decoding', () => {
    const rand = mulberry32(13);
    const enc = encodeRollupChunk(rollups(100, { rand, decimals: 2 }), 60_000);
    const d = decodeRollupChunk(enc);
    const s = decodeRollupChunkScaled(enc, true);
    expect(s.offsets).toBe(true);
    for (let i = 0; i < d.n; i++) {
      const m = s.min[i]!;
      expect((m * s.factor) / s.divisor).toBe(d.min[i]);
      expect(((s.max[i]! + m) * s.factor) / s.divisor).toBe(d.max[i]);
      expect(((s.sum[i]! + s.count[i]! * m) * s.factor) / s.divisor).toBe(d.sum[i]);
    }
  });
});
