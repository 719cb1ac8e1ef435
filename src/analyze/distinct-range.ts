/**
 * The two ends of an 80% range as printed, never collapsed to one figure ("26–26 days"). Crossings are
 * found at whole forecast steps, so an end at step k may lie anywhere after step k - 1: when both
 * ends print alike, the lower one is widened by that step (no more than the data allows) and, if
 * they still print alike, shown with one more decimal. Null when even then they agree: the caller
 * then says how narrow the range is instead of printing it.
 */
export function distinctRange(opts: {
  lo: number;
  hi: number;
  step: number;
  format: (v: number, extraDigits: number) => string;
}): { lo: string; hi: string } | null {
  const { format } = opts;
  if (format(opts.lo, 0) !== format(opts.hi, 0)) return { lo: format(opts.lo, 0), hi: format(opts.hi, 0) };
  const lo = Math.max(0, Math.min(opts.lo, opts.hi - opts.step));
  for (const extra of [0, 1]) {
    if (format(lo, extra) !== format(opts.hi, extra)) return { lo: format(lo, extra), hi: format(opts.hi, extra) };
  }
  return null;
}

/** Days (or any unit) as reports print them: whole from 10 up, one decimal below, plus `extra` decimals. */
export function amountIn(v: number, extra = 0): string {
  const digits = (v >= 10 ? 0 : 1) + extra;
  const f = 10 ** digits;
  return String(Math.round(v * f) / f);
}
