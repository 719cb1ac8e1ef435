import * as echarts from 'echarts';
import { fontStack } from '../fonts.js';

export type ChartSeries = {
  name: string;
  /** [epoch ms, value]; null values are gaps and are drawn as breaks, never as zeros. */
  points: Array<[number, number | null]>;
  /** Dashed line, e.g. a forecast mean. */
  dashed?: boolean;
};

/** A shaded band (e.g. an 80% prediction interval) drawn between lo and hi. */
export type ChartBand = { name: string; points: Array<[number, number, number]> };

export type LineChartSpec = {
  title?: string;
  series: ChartSeries[];
  bands?: ChartBand[];
  unit?: string;
  /** Axis labels as byte rates (KiB/s, MiB/s …) instead of plain numbers. */
  format?: 'bytesPerSecond';
  yMin?: number;
  yMax?: number;
  /** The period's bounds, so a chart always spans the whole period, data or not. */
  xMin?: number;
  xMax?: number;
  width?: number;
  height?: number;
  timezone: string;
  locale: string;
  /** Chart text font: the PDF needs a CJK-capable family for zh-CN. */
  fontFamily?: string;
};

const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

/**
 * Renders a time-series line chart to an SVG string with ECharts' server-side renderer. No DOM, no
 * browser: the SVG is inlined into the report, so the PDF renderer never fetches anything.
 */
export function renderLineChart(spec: LineChartSpec): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width ?? 720, height: spec.height ?? 220 });
  try {
    chart.setOption(buildOption(spec));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function buildOption(spec: LineChartSpec): echarts.EChartsOption {
  const fmt = new Intl.DateTimeFormat(spec.locale, {
    timeZone: spec.timezone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const bandSeries = (spec.bands ?? []).flatMap((band, i) => bandToSeries(band, i));
  const width = spec.width ?? 720;
  const narrow = width < 500;
  // About 7 px per legend character plus the marker: how many legend rows the names need.
  const legendWidth = spec.series.reduce((w, s) => w + 26 + 6.2 * s.name.length, 0);
  const legendRows = Math.max(1, Math.ceil(legendWidth / (width - 8)));
  return {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: spec.fontFamily ?? fontStack(spec.locale), fontSize: 11 },
    title: spec.title ? { text: spec.title, left: 0, top: 0, textStyle: { fontSize: 12, fontWeight: 600 } } : undefined,
    // A narrow chart with several lines puts its legend under the title, where it has the whole width.
    legend: {
      top: narrow ? 16 : 0,
      right: 0,
      left: narrow ? 0 : 'auto',
      itemWidth: 14,
      itemHeight: 8,
      itemGap: 6,
      textStyle: { fontSize: 10 },
      data: spec.series.map((s) => s.name),
    },
    grid: { left: 56, right: 16, top: narrow ? 32 + 14 * legendRows : 28, bottom: 28 },
    xAxis: { type: 'time', min: spec.xMin, max: spec.xMax, axisLabel: { formatter: (v: number) => fmt.format(new Date(v)), hideOverlap: true, fontSize: 10 } },
    yAxis: {
      type: 'value',
      min: spec.yMin,
      max: spec.yMax,
      axisLabel: { formatter: spec.format === 'bytesPerSecond' ? bytesPerSecond : spec.unit ? `{value}${spec.unit}` : '{value}', fontSize: 10 },
      splitLine: { lineStyle: { color: '#e5e7eb' } },
    },
    series: [
      ...bandSeries,
      ...spec.series.map((s, i) => ({
        name: s.name,
        // Explicit colours: the invisible band series must not shift the palette.
        color: s.dashed ? '#dc2626' : PALETTE[i % PALETTE.length],
        type: 'line' as const,
        // Sparse series (a host that just started) would be invisible without point markers.
        showSymbol: s.points.filter(([, v]) => v !== null).length < 30,
        symbolSize: 4,
        connectNulls: false,
        lineStyle: { width: 1.4, type: s.dashed ? ('dashed' as const) : ('solid' as const) },
        data: s.points,
      })),
    ],
  };
}

/** Axis labels for byte rates: 0, 512 B/s, 1.5 MiB/s. */
function bytesPerSecond(v: number): string {
  const units = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s'];
  let x = Math.abs(v);
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  if (x === 0) return '0';
  return `${v < 0 ? '-' : ''}${Number(x.toFixed(x < 10 && i > 0 ? 1 : 0))} ${units[i]}`;
}

/** ECharts has no band type: stack an invisible lower line and a filled (hi - lo) line on it. */
function bandToSeries(band: ChartBand, i: number): echarts.SeriesOption[] {
  const stack = `band-${i}`;
  return [
    { name: `${band.name}-lo`, type: 'line', stack, showSymbol: false, lineStyle: { opacity: 0 }, data: band.points.map(([t, lo]) => [t, lo]), silent: true },
    {
      name: band.name,
      type: 'line',
      stack,
      showSymbol: false,
      lineStyle: { opacity: 0 },
      areaStyle: { color: 'rgba(220, 38, 38, 0.22)', opacity: 1 },
      data: band.points.map(([t, lo, hi]) => [t, hi - lo]),
      silent: true,
    },
  ];
}
