import { seriesName } from './series-key.js';
import type { Point } from './types.js';

export type SeriesBatch = { name: string; t: number[]; v: number[] };

/**
 * Splits one host's points into per-series batches sorted by t, first occurrence winning within
 * the batch (as the store does across batches). Non-finite values are dropped: a NaN reading is a
 * missing reading, and a stored NaN would poison every sum and average it is rolled into.
 */
export function groupPoints(points: readonly Point[]): SeriesBatch[] {
  const byName = new Map<string, { t: number[]; v: number[]; sorted: boolean }>();
  for (const p of points) {
    if (!Number.isSafeInteger(p.t) || p.t < 0) throw new RangeError(`point time must be a non-negative integer of ms, got ${p.t}`);
    if (typeof p.metric !== 'string' || p.metric.length === 0) throw new RangeError('point metric must be a non-empty string');
    if (!Number.isFinite(p.v)) continue;
    const name = seriesName(p.metric, p.labels);
    let g = byName.get(name);
    if (g === undefined) {
      g = { t: [], v: [], sorted: true };
      byName.set(name, g);
    }
    const prev = g.t[g.t.length - 1];
    if (prev !== undefined && p.t <= prev) g.sorted = false;
    g.t.push(p.t);
    g.v.push(p.v);
  }
  const out: SeriesBatch[] = [];
  for (const [name, g] of byName) out.push(g.sorted ? { name, t: g.t, v: g.v } : sortUnique(name, g.t, g.v));
  return out;
}

function sortUnique(name: string, t: number[], v: number[]): SeriesBatch {
  // Stable sort by t, so "first occurrence wins" holds for duplicates.
  const order = t.map((_, i) => i).sort((a, b) => t[a]! - t[b]! || a - b);
  const out: SeriesBatch = { name, t: [], v: [] };
  for (const i of order) {
    if (out.t.length > 0 && out.t[out.t.length - 1] === t[i]) continue;
    out.t.push(t[i]!);
    out.v.push(v[i]!);
  }
  return out;
}
