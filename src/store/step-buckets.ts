import type { ScaledRollups } from './codec/rollup-decode.js';
import type { Samples } from './codec/raw-chunk.js';
import type { RangePoint } from './types.js';

/**
 * Column storage reused across queries. Typed arrays this size live outside the JS heap, and a
 * 40-series query allocating 40 of them (plus the reply buffers) made the garbage collector a
 * quarter of its profile. Bounded: at most 64 arrays of up to 6 x 4,096 buckets (12 MB).
 */
const POOL_MAX = 64;
const POOL_MAX_LENGTH = 6 * 4096;
const pool: Float64Array[] = [];

function takeScratch(length: number): Float64Array {
  for (let i = pool.length - 1; i >= 0; i--) {
    const a = pool[i]!;
    if (a.length < length) continue;
    pool[i] = pool[pool.length - 1]!;
    pool.pop();
    return a;
  }
  return new Float64Array(length);
}

/**
 * Answer buckets of one series: epoch-aligned, `step` wide, covering [start, start + size * step).
 * Statistics combine as the tiers define them: sum and count add up (avg = sum / count, so averages
 * of averages are weighted by count), min of mins, max of maxes, last of the latest.
 */
export class StepBuckets {
  readonly start: number;
  readonly step: number;
  readonly size: number;
  private readonly count: Float64Array;
  private readonly sum: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly last: Float64Array;
  private readonly lastT: Float64Array;
  private scratch: Float64Array | null;

  constructor(start: number, step: number, size: number) {
    this.start = start;
    this.step = step;
    this.size = size;
    const all = takeScratch(6 * size);
    this.scratch = all;
    this.count = all.subarray(0, size).fill(0);
    this.sum = all.subarray(size, 2 * size).fill(0);
    this.min = all.subarray(2 * size, 3 * size).fill(Infinity);
    this.max = all.subarray(3 * size, 4 * size).fill(-Infinity);
    this.last = all.subarray(4 * size, 5 * size).fill(0);
    this.lastT = all.subarray(5 * size, 6 * size).fill(-Infinity);
  }

  /** Hands the columns back for the next query; the buckets must not be used afterwards. */
  release(): void {
    if (this.scratch === null) return;
    if (pool.length < POOL_MAX && this.scratch.length <= POOL_MAX_LENGTH) pool.push(this.scratch);
    this.scratch = null;
  }

  /** Raw samples with t > after. */
  addSamples(run: Samples, after: number): void {
    for (let i = 0; i < run.n; i++) {
      const t = run.t[i]!;
      if (t <= after) continue;
      const b = Math.floor((t - this.start) / this.step);
      if (b < 0 || b >= this.size) continue;
      this.merge(b, 1, run.v[i]!, run.v[i]!, run.v[i]!, run.v[i]!, t);
    }
  }

  /**
   * Stored buckets in the chunk's integer domain: all stored buckets of one answer bucket are
   * combined as integers and scaled once, and the answer bucket is found once per run, not per
   * stored bucket. Stored buckets are time-ordered.
   */
  addRollups(r: ScaledRollups): void {
    const { n, t, count, min, max, sum, last, factor, divisor } = r;
    // Offsets are 0 for plain columns, so one loop serves both layouts without a branch.
    const off = r.offsets ? 1 : 0;
    let i = 0;
    while (i < n && t[i]! < this.start) i++;
    while (i < n) {
      const b = Math.floor((t[i]! - this.start) / this.step);
      if (b >= this.size) return;
      const end = this.start + (b + 1) * this.step;
      let c = 0;
      let s = 0;
      let lo = Infinity;
      let hi = -Infinity;
      let la = 0;
      let laT = 0;
      for (; i < n && t[i]! < end; i++) {
        const m = min[i]!;
        const k = count[i]!;
        const base = off * m;
        c += k;
        s += sum[i]! + k * base;
        if (m < lo) lo = m;
        const top = max[i]! + base;
        if (top > hi) hi = top;
        la = last[i]! + base;
        laT = t[i]!;
      }
      this.merge(b, c, (s * factor) / divisor, (lo * factor) / divisor, (hi * factor) / divisor, (la * factor) / divisor, laT);
    }
  }

  private merge(b: number, count: number, sum: number, min: number, max: number, last: number, t: number): void {
    this.count[b] = this.count[b]! + count;
    this.sum[b] = this.sum[b]! + sum;
    if (min < this.min[b]!) this.min[b] = min;
    if (max > this.max[b]!) this.max[b] = max;
    if (t >= this.lastT[b]!) {
      this.last[b] = last;
      this.lastT[b] = t;
    }
  }

  points(): RangePoint[] {
    const out: RangePoint[] = new Array<RangePoint>(this.size);
    for (let b = 0; b < this.size; b++) {
      const t = this.start + b * this.step;
      const count = this.count[b]!;
      out[b] =
        count === 0
          ? { t, v: null, min: null, max: null, last: null, count: 0 }
          : { t, v: this.sum[b]! / count, min: this.min[b]!, max: this.max[b]!, last: this.last[b]!, count };
    }
    return out;
  }
}
