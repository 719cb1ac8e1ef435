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
