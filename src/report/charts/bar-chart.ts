import * as echarts from 'echarts';
import { fontStack } from '../fonts.js';

export type BarSeries = {
  name: string;
  color: string;
  /** One value per category; null draws no bar (no data), unlike 0. */
  values: Array<number | null>;
};

export type BarChartSpec = {
  title?: string;
  categories: string[];
  series: BarSeries[];
  width?: number;
  height?: number;
  locale: string;
};

/**
 * Stacked bars as an SVG string (ECharts' server-side renderer, no DOM): counts per hour or day,
 * where a line between two hours would suggest lines that were never logged.
 */
export function renderBarChart(spec: BarChartSpec): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width ?? 720, height: spec.height ?? 180 });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: fontStack(spec.locale), fontSize: 11 },
      title: spec.title ? { text: spec.title, left: 0, top: 0, textStyle: { fontSize: 12, fontWeight: 600 } } : undefined,
      legend: { top: 0, right: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 10 }, data: spec.series.map((s) => s.name) },
      grid: { left: 56, right: 16, top: 28, bottom: 28 },
      xAxis: { type: 'category', data: spec.categories, axisLabel: { fontSize: 10, hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: '#e5e7eb' } } },
      series: spec.series.map((s) => ({
        name: s.name,
        type: 'bar' as const,
        stack: 'all',
        color: s.color,
        barMaxWidth: 24,
        // ECharts' own "no value" marker: no bar, not a zero-height one.
        data: s.values.map((v) => (v === null ? '-' : v)),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
