import { renderLineChart, type LineChartSpec } from '../../report/charts/line-chart.js';

/**
 * The report's ECharts SVG, as an <img> data URI: the page's CSP can forbid inline styles (the SVG
 * has its own), and an image can never run script, whatever a label says.
 */
export function chartImage(spec: LineChartSpec): string {
  const svg = renderLineChart({ width: 560, height: 220, ...spec });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
