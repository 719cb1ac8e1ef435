import { describe, expect, it } from 'vitest';
import { SUMMARY_MS, encodeRollupChunk, encodeRollupWindow, type RollupColumns } from '../../../src/store/codec/rollup-chunk.js';
import { decodeRollupChunk, decodeRollupChunkScaled, rollupSummary } from '../../../src/store/codec/rollup-decode.js';
import { StepBuckets } from '../../../src/store/step-buckets.js';
import { gaussian, mulberry32, randInt } from '../../utils/prng.js';

const DAY = 86_400_000;

/** A day of minute buckets with gaps, values with `decimals` decimals (null: full doubles). */
function minuteDay(
  seed: number,
  decimals: number | null,
): RollupColumns & { t: number[]; count: number[]; min: number[]; max: number[]; sum: number[]; last: number[] } {
  const rand = mulberry32(seed);
  const day = 20_000 * DAY;
  const r = { t: [] as number[], count: [] as number[], min: [] as number[], max: [] as number[], sum: [] as number[], last: [] as number[] };
  const q = (x: number) => (decimals === null ? x : Math.round(x * 10 ** decimals) / 10 ** decimals);
  for (let m = 0; m < 1440; m++) {
    if (rand() < 0.1) continue;
    const vals = Array.from({ length: randInt(rand, 1, 7) }, () => q(50 + 20 * gaussian(rand)));
    r.t.push(day + m * 60_000);
    r.count.push(vals.length);
    r.min.push(Math.min(...vals));
    r.max.push(Math.max(...vals));
    r.sum.push(q(vals.reduce((a, b) => a + b, 0)));
    r.last.push(vals[vals.length - 1]!);
  }
  return { n: r.t.length, ...r };
}

function answer(chunk: Uint8Array, step: number) {
  const b = new StepBuckets(20_000 * DAY, step, DAY / step);
  b.addRollups(decodeRollupChunkScaled(chunk, true));
  return b.points();
}

describe('minute window summary', () => {
  it('keeps the window bucket for bucket and answers quarter-hour steps alike from the summary', () => {
    for (const decimals of [0, 2, null]) {
      const r = minuteDay(21 + (decimals ?? 9), decimals);
      const win = encodeRollupWindow(r, 60_000);
      const d = decodeRollupChunk(win);
      for (const k of ['t', 'count', 'min', 'max', 'sum', 'last'] as const) expect(Array.from(d[k])).toEqual(r[k]);
      const summary = rollupSummary(win);
      expect(summary).not.toBeNull();
      expect(decodeRollupChunk(summary!).n).toBe(96);
      for (const step of [SUMMARY_MS, 4 * SUMMARY_MS]) {
        const fromMinutes = answer(encodeRollupChunk(r, 60_000), step);
        const fromSummary = answer(summary!, step);
        expect(fromSummary.map(({ v: _v, ...rest }) => rest)).toEqual(fromMinutes.map(({ v: _v, ...rest }) => rest));
        fromSummary.forEach((p, i) => expect(p.v).toBeCloseTo(fromMinutes[i]!.v!, 9));
      }
    }
  });

  it('reads windows written before summaries existed, and gives hour windows none', () => {
    const r = minuteDay(30, 2);
    expect(rollupSummary(encodeRollupChunk(r, 60_000))).toBeNull();
    const HOUR = 3_600_000;
    const hours = {
      n: 24,
      t: r.t.slice(0, 24).map((_, i) => 20_000 * DAY + i * HOUR),
      count: r.count.slice(0, 24),
      min: r.min.slice(0, 24),
      max: r.max.slice(0, 24),
      sum: r.sum.slice(0, 24),
      last: r.last.slice(0, 24),
    };
    expect(rollupSummary(encodeRollupWindow(hours, HOUR))).toBeNull();
    expect(encodeRollupWindow(hours, HOUR)).toEqual(encodeRollupChunk(hours, HOUR));
  });
});
