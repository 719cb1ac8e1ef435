/** The host page's time windows, with bucket widths that give charts a few hundred points. */
export const RANGES = {
  '1h': { ms: 3_600_000, step: 15_000, label: '1 hour' },
  '24h': { ms: 86_400_000, step: 5 * 60_000, label: '24 hours' },
  '7d': { ms: 7 * 86_400_000, step: 30 * 60_000, label: '7 days' },
  '30d': { ms: 30 * 86_400_000, step: 2 * 3_600_000, label: '30 days' },
} as const;

export type RangeKey = keyof typeof RANGES;
export const RANGE_KEYS = Object.keys(RANGES) as RangeKey[];

/** A bucket narrower than the collection interval would show every other bucket as a gap. */
export function rangeWindow(key: RangeKey, now: number, intervalMs: number) {
  const r = RANGES[key];
  const step = Math.max(r.step, intervalMs);
  // Forecast a quarter of the window ahead: far enough to matter, near enough to trust.
  const horizon = Math.max(4, Math.round((0.25 * r.ms) / step));
  return { key, from: now - r.ms, to: now, step, horizon, label: r.label };
}
