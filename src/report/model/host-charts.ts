import type { RangePoint, RangeSeries } from '../../store/types.js';
import { renderLineChart, type ChartBand, type ChartSeries, type LineChartSpec } from '../charts/line-chart.js';
import type { ChartForecast } from './forecasts.js';
import { sumPoints } from './host-tables.js';
import { coarsen, pickSeries, seriesAvg, toChartPoints } from './series-stats.js';

/** A chart as the templates place it: full width, or half (two side by side). */
export type Chart = { svg: string; half: boolean; note?: string };

/** Lines a half-width chart can carry and still be read. */
const MAX_LINES = 6;
/** Half-width charts get half the points: the same density on the page, half the SVG to draw and print. */
const halfPoints = (points: RangePoint[]) => toChartPoints(coarsen(points, 2));

type Ctx = { from: number; to: number; timezone: string; locale: string; strings: Record<string, string> };
export type HostSeries = {
  cpu: RangePoint[];
  mem: RangePoint[];
  swapPct: RangePoint[] | null;
  load1: RangePoint[];
  load15: RangePoint[];
  diskPct: RangeSeries[];
  io: { readBps: RangeSeries[]; writeBps: RangeSeries[]; readIops: RangeSeries[]; writeIops: RangeSeries[]; busy: RangeSeries[] };
  /** Interfaces the network table shows (idle ones left out). */
  net: { rx: RangeSeries[]; tx: RangeSeries[]; ifaces: string[] };
};

/**
 * Every chart a host has data for: CPU, memory (with swap where the host has swap) and load at full
 * width, then disk usage, disk busy time, throughput, IOPS and network per interface side by side.
 * A chart with nothing in it is left out rather than drawn empty.
 */
export function hostCharts(ctx: Ctx, s: HostSeries, fc: { cpu: ChartForecast | null; mem: ChartForecast | null }): Chart[] {
  const say = (k: string, a: Record<string, string | number> = {}) =>
    (ctx.strings[k] ?? k).replace(/\{(\w+)\}/g, (m, key: string) => (key in a ? String(a[key]) : m));
  const base = { timezone: ctx.timezone, locale: ctx.locale, xMin: ctx.from };
  const ahead = (f: ChartForecast | null) => f?.mean[f.mean.length - 1]?.[0] ?? ctx.to;
  const full = (spec: Omit<LineChartSpec, 'timezone' | 'locale'>): Chart => ({
    svg: renderLineChart({ ...base, width: 720, height: 200, ...spec }),
    half: false,
  });
  const half = (spec: Omit<LineChartSpec, 'timezone' | 'locale'>, note?: string): Chart => ({
    svg: renderLineChart({ ...base, width: 360, height: 190, xMax: ctx.to, ...spec }),
    half: true,
    ...(note ? { note } : {}),
  });
  const withForecast = (series: ChartSeries[], f: ChartForecast | null): { series: ChartSeries[]; bands: ChartBand[] } => ({
    series: [...series, ...(f ? [{ name: say('forecast.mean'), points: f.mean, dashed: true }] : [])],
    bands: f ? [{ name: say('forecast.band'), points: f.band }] : [],
  });
  const pct = { unit: '%', yMin: 0, yMax: 100 };
  const charts: Chart[] = [
    full({ title: say('chart.cpu'), xMax: ahead(fc.cpu), ...withForecast([{ name: say('chart.seriesCpu'), points: toChartPoints(s.cpu) }], fc.cpu), ...pct }),
    full({
      title: say(s.swapPct ? 'chart.memorySwap' : 'chart.memory'),
      xMax: ahead(fc.mem),
      ...withForecast(
        [
          { name: say('chart.seriesMem'), points: toChartPoints(s.mem) },
          ...(s.swapPct ? [{ name: say('chart.seriesSwap'), points: toChartPoints(s.swapPct) }] : []),
        ],
        fc.mem,
      ),
      ...pct,
    }),
    full({
      title: say('chart.load'),
      xMax: ctx.to,
      series: [
        { name: say('chart.load1'), points: toChartPoints(s.load1) },
        { name: say('chart.load15'), points: toChartPoints(s.load15) },
      ],
    }),
  ];
  const top = <T>(items: T[], weight: (t: T) => number) => [...items].sort((a, b) => weight(b) - weight(a)).slice(0, MAX_LINES);
  const topNote = (shown: number, total: number) => (shown < total ? say('chart.topOf', { n: shown, total }) : undefined);

  const mounts = top(s.diskPct.filter(hasData), (x) => seriesAvg(x.points) ?? 0);
  if (mounts.length > 0)
    charts.push(
      half(
        { title: say('chart.diskUsage'), series: mounts.map((x) => ({ name: x.id.labels.mount ?? '?', points: halfPoints(x.points) })), ...pct },
        topNote(mounts.length, s.diskPct.length),
      ),
    );

  const devices = s.io.busy.filter(hasData);
  const busy = top(devices, (x) => seriesAvg(x.points) ?? 0);
  if (busy.length > 0)
    charts.push(
      half(
        { title: say('chart.diskBusy'), series: busy.map((x) => ({ name: x.id.labels.device ?? '?', points: halfPoints(x.points) })), ...pct },
        topNote(busy.length, devices.length),
      ),
    );
  // Read and write lines per device: three devices fill a chart.
  const busiest = busy.slice(0, MAX_LINES / 2).map((x) => x.id.labels);
  const rw = busiest.flatMap((l) => [
    { name: `${l.device} ${say('chart.read')}`, points: pickSeries(s.io.readBps, l)?.points ?? [] },
    { name: `${l.device} ${say('chart.write')}`, points: pickSeries(s.io.writeBps, l)?.points ?? [] },
  ]);
  if (rw.some((x) => hasData({ points: x.points })))
    charts.push(
      half(
        { title: say('chart.diskThroughput'), format: 'bytesPerSecond', yMin: 0, series: rw.map((x) => ({ name: x.name, points: halfPoints(x.points) })) },
        topNote(busiest.length, devices.length),
      ),
    );
  const iops = busy.map((x) => ({
    name: x.id.labels.device ?? '?',
    points: sumPoints(pickSeries(s.io.readIops, x.id.labels)?.points ?? [], pickSeries(s.io.writeIops, x.id.labels)?.points ?? []),
  }));
  if (iops.some((x) => hasData(x)))
    charts.push(
      half(
        { title: say('chart.diskIops'), yMin: 0, series: iops.map((x) => ({ name: x.name, points: halfPoints(x.points) })) },
        topNote(iops.length, devices.length),
      ),
    );

  const ifaces = top(s.net.ifaces, (name) => seriesAvg(pickSeries(s.net.rx, { iface: name })?.points ?? []) ?? 0).slice(0, MAX_LINES / 2);
  const traffic = ifaces.flatMap((name) => [
    { name: `${name} ${say('chart.rx')}`, points: pickSeries(s.net.rx, { iface: name })?.points ?? [] },
    { name: `${name} ${say('chart.tx')}`, points: pickSeries(s.net.tx, { iface: name })?.points ?? [] },
  ]);
  if (traffic.some((x) => hasData(x)))
    charts.push(
      half(
        { title: say('chart.network'), format: 'bytesPerSecond', yMin: 0, series: traffic.map((x) => ({ name: x.name, points: halfPoints(x.points) })) },
        topNote(ifaces.length, s.net.ifaces.length),
      ),
    );
  return charts;
}

const hasData = (s: { points: RangePoint[] }) => s.points.some((p) => p.v !== null);
