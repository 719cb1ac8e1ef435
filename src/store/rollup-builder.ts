import type { DecodedRollups, RollupColumns } from './codec/rollup-chunk.js';

const POW10: readonly number[] = Array.from({ length: 10 }, (_, i) => 10 ** i);

/**
 * Buckets of one tier window being extended by newer raw samples. Samples arrive in time order and
 * are all newer than what the window already holds, so only the newest bucket can be merged into;
 * everything else is appended.
 */
export class RollupBuilder {
  readonly t: number[] = [];
  readonly count: number[] = [];
  readonly min: number[] = [];
  readonly max: number[] = [];
  readonly sum: number[] = [];
  readonly last: number[] = [];
  /** Decimal scale of each bucket's sum (-1: none), so float error can be rounded off again. */
  private readonly scale: number[] = [];

  static from(d: DecodedRollups): RollupBuilder {
    const b = new RollupBuilder();
    for (let i = 0; i < d.n; i++) {
      b.t.push(d.t[i]!);
      b.count.push(d.count[i]!);
      b.min.push(d.min[i]!);
      b.max.push(d.max[i]!);
      b.sum.push(d.sum[i]!);
      b.last.push(d.last[i]!);
      b.scale.push(d.scale);
    }
    return b;
  }

  get n(): number {
    return this.t.length;
  }

  /** Adds one raw sample with the decimal scale of its chunk (-1 when it had none). */
  add(bucket: number, v: number, scale: number): void {
    const i = this.t.length - 1;
    if (i < 0 || this.t[i] !== bucket) {
      this.t.push(bucket);
      this.count.push(1);
      this.min.push(v);
      this.max.push(v);
      this.sum.push(v);
      this.last.push(v);
      this.scale.push(scale);
      return;
    }
    this.count[i] = this.count[i]! + 1;
    if (v < this.min[i]!) this.min[i] = v;
    if (v > this.max[i]!) this.max[i] = v;
    this.last[i] = v;
    const s = this.scale[i]! < 0 || scale < 0 ? -1 : Math.max(this.scale[i]!, scale);
    this.scale[i] = s;
    this.sum[i] = snap(this.sum[i]! + v, s);
  }

  columns(): RollupColumns {
    return { n: this.n, t: this.t, count: this.count, min: this.min, max: this.max, sum: this.sum, last: this.last };
  }
}

/**
 * 23.47 + 12.01 is 35.480000000000004 in doubles. When both addends have at most `scale` decimals,
 * the exact sum has too, so rounding to that scale removes only float error, and keeps the sums in
 * the compact decimal form of the rollup chunk.
 */
export function snap(x: number, scale: number): number {
  if (scale < 0) return x;
  const p = POW10[scale]!;
  const y = x * p;
  return Math.abs(y) < 2 ** 52 ? Math.round(y) / p : x;
}
