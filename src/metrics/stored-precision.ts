import type { MetricDef, MetricUnit } from './metric-def.js';

/**
 * Decimals a stored value keeps, by unit; null stores the collector's double as it is. The digits
 * dropped are below what the inputs can tell: CPU shares count 10 ms jiffies (0.1 percentage point
 * per core over a 10 s interval) and rates divide by /proc/uptime deltas of 10 ms resolution (0.1 %
 * of a 10 s interval), so a full double's 15 digits are timing noise that cost the store 7-8 bytes
 * per sample (XOR) where a 2-decimal value costs 1-2. Units already integral or short (bytes,
 * counts, load, uptime) are left alone.
 */
const DECIMALS: Readonly<Record<MetricUnit, number | null>> = {
  percent: 2,
  'bytes/s': 0,
  'ops/s': 2,
  'packets/s': 2,
  'switches/s': 1,
  bytes: null,
  load: null,
  seconds: null,
  milliseconds: null,
  celsius: null,
  count: null,
  status: null,
};

const POW10 = [1, 10, 100, 1000];

/** The value as the store keeps it (see DECIMALS). Round trips through the store bit-exactly. */
export function storedValue(def: Pick<MetricDef, 'unit'>, v: number): number {
  const d = DECIMALS[def.unit];
  if (d === null) return v;
  const p = POW10[d] ?? 10 ** d;
  const x = Math.round(v * p) / p;
  // Math.round(-0.4) is -0, which the store would have to keep apart from 0.
  return x === 0 ? 0 : x;
}

/** Decimals kept for a unit, for docs and reports; null when values are stored unchanged. */
export function storedDecimals(unit: MetricUnit): number | null {
  return DECIMALS[unit];
}
