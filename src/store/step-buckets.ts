import type { ScaledRollups } from './codec/rollup-chunk.js';
import type { Samples } from './codec/raw-chunk.js';
import type { RangePoint } from './types.js';

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

  constructor(start: number, step: number, size: number) {
    this.start = start;
    this.step = step;
    this.size = size;
    this.count = new Float64Array(size);
    this.sum = new Float64Array(size);
    this.min = new Float64Array(size).fill(Infinity);
    this.max = new Float64Array(size).fill(-Infinity);
    this.last = new Float64Array(size);
    this.lastT = new Float64Array(size).fill(-Infinity);
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
   * Stored buckets, in the chunk's integer domain: consecutive buckets falling into the same answer
   * bucket are combined as integers and scaled once, which saves most divisions on long ranges.
   */
  addRollups(r: ScaledRollups): void {
    const { factor, divisor } = r;
    let cur = -1;
    let c = 0;
    let s = 0;
    let lo = 0;
    let hi = 0;
    let la = 0;
    let laT = 0;
    const flush = () => {
      if (cur >= 0 && c > 0) this.merge(cur, c, (s * factor) / divisor, (lo * factor) / divisor, (hi * factor) / divisor, (la * factor) / divisor, laT);
    };
    for (let i = 0; i < r.n; i++) {
      const t = r.t[i]!;
      const b = Math.floor((t - this.start) / this.step);
      if (b < 0 || b >= this.size) continue;
      if (b !== cur) {
        flush();
        cur = b;
        c = 0;
        s = 0;
        lo = Infinity;
        hi = -Infinity;
      }
      c += r.count[i]!;
      s += r.sum[i]!;
      if (r.min[i]! < lo) lo = r.min[i]!;
      if (r.max[i]! > hi) hi = r.max[i]!;
      la = r.last[i]!;
      laT = t;
    }
    flush();
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
