import type { RangePoint, RangeSeries } from '../../store/types.js';

/** avg weighted by sample count, so a partly filled bucket does not count as much as a full one. */
export function seriesAvg(points: RangePoint[]): number | null {
  let sum = 0;
  let n = 0;
  for (const p of points) {
    if (p.v === null) continue;
    const w = p.count > 0 ? p.count : 1;
    sum += p.v * w;
    n += w;
  }
  return n === 0 ? null : sum / n;
}

export function seriesMax(points: RangePoint[]): number | null {
  let max: number | null = null;
  for (const p of points) {
    const v = p.max ?? p.v;
    if (v !== null && (max === null || v > max)) max = v;
  }
  return max;
}

export function seriesLast(points: RangePoint[]): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i];
    if (p && (p.last ?? p.v) !== null) return p.last ?? p.v;
  }
  return null;
}

/** The series whose labels are exactly `labels` (e.g. cpu.total without a core label). */
export function pickSeries(all: RangeSeries[], labels: Record<string, string> = {}): RangeSeries | undefined {
  const want = Object.entries(labels);
  return all.find((s) => Object.keys(s.id.labels).length === want.length && want.every(([k, v]) => s.id.labels[k] === v));
}

export function toChartPoints(points: RangePoint[]): Array<[number, number | null]> {
  return points.map((p) => [p.t, p.v]);
}

/**
 * Merges every `factor` adjacent buckets into one (average weighted by samples, extremes kept), for
 * charts drawn at half width: as many points as pixels to show them, half the work to draw and print.
 */
export function coarsen(points: RangePoint[], factor: number): RangePoint[] {
  if (factor <= 1) return points;
  const out: RangePoint[] = [];
  for (let i = 0; i < points.length; i += factor) {
    const group = points.slice(i, i + factor).filter((p) => p.v !== null);
    const t = points[i]!.t;
    if (group.length === 0) {
      out.push({ t, v: null, min: null, max: null, last: null, count: 0 });
      continue;
    }
    const n = group.reduce((s, p) => s + Math.max(1, p.count), 0);
    const v = group.reduce((s, p) => s + p.v! * Math.max(1, p.count), 0) / n;
    const ext = (f: (p: RangePoint) => number | null, pick: (a: number, b: number) => number) =>
      group.reduce<number | null>((m, p) => (f(p) === null ? m : m === null ? f(p) : pick(m, f(p)!)), null);
    out.push({
      t,
      v,
      min: ext((p) => p.min ?? p.v, Math.min),
      max: ext((p) => p.max ?? p.v, Math.max),
      last: group[group.length - 1]!.last ?? group[group.length - 1]!.v,
      count: n,
    });
  }
  return out;
}
