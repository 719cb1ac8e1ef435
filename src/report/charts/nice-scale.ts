/**
 * Value-axis ticks as ECharts draws them (numberUtil.nice with rounding, splitNumber 5), so the
 * report's axes read the same as they did when ECharts drew them: 0, 20, … 100 for percentages.
 */
export type ValueScale = { min: number; max: number; ticks: number[] };

/** The "nice" number near `x`: 1, 2, 3 or 5 times a power of ten. */
export function nice(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const exp = Math.floor(Math.log10(x));
  const pow = 10 ** exp;
  const f = x / pow;
  const nf = f < 1.5 ? 1 : f < 2.5 ? 2 : f < 4 ? 3 : f < 7 ? 5 : 10;
  return nf * pow;
}

/** Rounds away the float noise of adding an interval many times (0.30000000000000004). */
const clean = (x: number, interval: number) => {
  const digits = Math.max(0, -Math.floor(Math.log10(interval)) + 2);
  return Number(x.toFixed(Math.min(digits, 20)));
};

/**
 * Ticks over the data's extent. A fixed `min`/`max` (percentages) is kept; an open end is widened to
 * the next tick. Like ECharts' value axis (scale: false), the extent always includes zero.
 */
export function valueScale(opts: { dataMin: number | null; dataMax: number | null; min?: number; max?: number; splitNumber?: number }): ValueScale {
  let lo = opts.min ?? Math.min(0, opts.dataMin ?? 0);
  let hi = opts.max ?? Math.max(0, opts.dataMax ?? 0);
  if (hi <= lo) hi = lo === 0 ? 1 : lo + Math.abs(lo);
  const interval = nice((hi - lo) / (opts.splitNumber ?? 5));
  if (opts.min === undefined) lo = clean(Math.floor(lo / interval) * interval, interval);
  if (opts.max === undefined) hi = clean(Math.ceil(hi / interval) * interval, interval);
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / interval) * interval; v <= hi + interval * 1e-9; v += interval) ticks.push(clean(v, interval));
  return { min: lo, max: hi, ticks };
}
