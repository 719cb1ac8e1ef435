import type { ChartBand, ChartSeries } from '../../report/charts/line-chart.js';
import { pickSeries, toChartPoints } from '../../report/model/series-stats.js';
import type { RangeSeries } from '../../store/types.js';
import { chartImage } from '../view/chart-image.js';
import type { ForecastBand } from './forecast.js';

export type ChartView = { title: string; src: string; alt: string; forecast: string | null };

type Base = { timezone: string; locale: string };

const band = (b: ForecastBand | null): ChartBand[] => (b ? [{ name: '80% forecast', points: b.points.map(([t, , lo, hi]) => [t, lo, hi]) }] : []);
const meanLine = (b: ForecastBand | null): ChartSeries[] => (b ? [{ name: 'forecast', dashed: true, points: b.points.map(([t, mean]) => [t, mean]) }] : []);

/** A percentage chart (0–100) of one series, with its forecast band and mean drawn ahead. */
export function percentChart(base: Base, opts: { title: string; name: string; points: Array<[number, number | null]>; band: ForecastBand | null }): ChartView {
  const src = chartImage({
    ...base,
    unit: '%',
    yMin: 0,
    yMax: 100,
    series: [{ name: opts.name, points: opts.points }, ...meanLine(opts.band)],
    bands: band(opts.band),
  });
  return { title: opts.title, src, alt: `${opts.title} chart`, forecast: opts.band ? (opts.band.model ?? 'forecast, 80% interval') : null };
}

export function loadChart(base: Base, load1: RangeSeries[], load15: RangeSeries[]): ChartView {
  const series = [
    { name: '1 min', points: toChartPoints(pickSeries(load1)?.points ?? []) },
    { name: '15 min', points: toChartPoints(pickSeries(load15)?.points ?? []) },
  ];
  return { title: 'Load average', src: chartImage({ ...base, series }), alt: 'Load average chart', forecast: null };
}

/** One line per mount: which disk is filling shows at a glance. */
export function diskChart(base: Base, diskPct: RangeSeries[], worst: { band: ForecastBand | null } | null): ChartView {
  const series: ChartSeries[] = diskPct.map((s) => ({ name: s.id.labels.mount ?? '?', points: toChartPoints(s.points) }));
  const b = worst?.band ?? null;
  return {
    title: 'Disk used %',
    src: chartImage({ ...base, unit: '%', yMin: 0, yMax: 100, series: [...series, ...meanLine(b)], bands: band(b) }),
    alt: 'Disk usage chart',
    forecast: b ? 'fullest disk' : null,
  };
}

/** Receive and transmit summed over interfaces (loopback aside), in the unit that fits. */
export function networkChart(base: Base, rx: RangeSeries[], tx: RangeSeries[]): ChartView {
  const sum = (all: RangeSeries[]) => {
    const out = new Map<number, number | null>();
    for (const s of all.filter((x) => x.id.labels.iface !== 'lo')) {
      for (const p of s.points) out.set(p.t, p.v === null ? (out.get(p.t) ?? null) : (out.get(p.t) ?? 0) + p.v);
    }
    return [...out.entries()].sort((a, b) => a[0] - b[0]);
  };
  const r = sum(rx);
  const t = sum(tx);
  const max = Math.max(0, ...[...r, ...t].map(([, v]) => v ?? 0));
  const [unit, div] = max >= 1024 ** 2 ? ['MiB/s', 1024 ** 2] : max >= 1024 ? ['KiB/s', 1024] : ['B/s', 1];
  const scale = (pts: Array<[number, number | null]>): Array<[number, number | null]> =>
    pts.map(([ts, v]) => [ts, v === null ? null : Math.round((v / div) * 100) / 100]);
  const series = [
    { name: 'receive', points: scale(r) },
    { name: 'transmit', points: scale(t) },
  ];
  return { title: `Network (${unit})`, src: chartImage({ ...base, series, yMin: 0 }), alt: 'Network throughput chart', forecast: null };
}
