const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses "250ms", "10s", "5m", "2h", "35d", "1w" (or a bare number of ms). Returns null if it cannot. */
export function parseDuration(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(input);
  if (!m || m[1] === undefined) return null;
  return Math.round(Number(m[1]) * (UNITS[m[2] ?? 'ms'] ?? 1));
}

/** Formats ms as the largest whole unit that fits, e.g. 90_000 -> "1m 30s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

/**
 * `formatDuration` in the reader's language with Intl's narrow units: "6d 23h" in English, "6天23小时"
 * in Chinese. Zero is "0s" / "0秒", never "0ms"; below a second it counts milliseconds.
 */
export function formatDurationIn(ms: number, locale: string): string {
  const unit = (value: number, u: string, display: 'narrow' | 'short' = 'narrow') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: display }).format(value);
  if (ms === 0) return unit(0, 'second');
  // Narrow milliseconds are "ms" in every locale; the short form is translated.
  if (Math.abs(ms) < 1000) return unit(Math.round(ms), 'millisecond', locale.startsWith('en') ? 'narrow' : 'short');
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [u, size] of [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
    ['second', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(unit(Math.floor(rest / size), u));
      rest %= size;
    }
  }
  return new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format(parts.slice(0, 2));
}
