import { fontStack } from '../fonts.js';
import { valueScale } from './nice-scale.js';
import { esc, px, textWidth } from './svg-text.js';
import { timeTicks } from './time-ticks.js';

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
const AXIS = '#54555a';
const GRID = '#e5e7eb';
const BAND = 'rgba(220, 38, 38, 0.22)';
/** Every chart in one HTML document needs its own clip-path id. */
let clipSeq = 0;

/**
 * Renders a time-series line chart to an SVG string, written directly: no DOM, no browser, and no
 * charting library. ECharts drew these before; it cost ~20 ms a chart (a 100-host fleet report has
 * about 800), almost all of it fixed per chart (option merging, component models), not per point.
 * The layout (grid, ticks, legend, colours) is ECharts' as the report configured it. The SVG is
 * inlined into the report, so the PDF renderer never fetches anything.
 */
export function renderLineChart(spec: LineChartSpec): string {
  const W = spec.width ?? 720;
  const H = spec.height ?? 220;
  const narrow = W < 500;
  const colors = spec.series.map((s, i) => (s.dashed ? '#dc2626' : (PALETTE[i % PALETTE.length] as string)));
  const legend = legendLayout({ names: spec.series.map((s) => s.name), width: W, narrow });
  const plot = { x0: 56, x1: W - 16, y0: narrow ? 32 + 14 * legend.rows : 28, y1: H - 28 };
  const ts = spec.series.flatMap((s) => s.points.map((p) => p[0])).concat((spec.bands ?? []).flatMap((b) => b.points.map((p) => p[0])));
  const xMin = spec.xMin ?? Math.min(...ts);
  const xMax = spec.xMax ?? Math.max(...ts);
  const vs = spec.series
    .flatMap((s) => s.points.flatMap((p) => (p[1] === null ? [] : [p[1]])))
    .concat((spec.bands ?? []).flatMap((b) => b.points.map((p) => p[2])));
  const y = valueScale({ dataMin: vs.length ? Math.min(...vs) : null, dataMax: vs.length ? Math.max(...vs) : null, min: spec.yMin, max: spec.yMax });
  const sx = (t: number) => plot.x0 + ((t - xMin) / Math.max(1, xMax - xMin)) * (plot.x1 - plot.x0);
  const sy = (v: number) => plot.y1 - ((v - y.min) / Math.max(1e-12, y.max - y.min)) * (plot.y1 - plot.y0);
  const clip = `ck${++clipSeq}`;
  const out: string[] = [
    `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" style="font-family:${esc(spec.fontFamily ?? fontStack(spec.locale))}">`,
    `<defs><clipPath id="${clip}"><rect x="${plot.x0}" y="${plot.y0 - 2}" width="${plot.x1 - plot.x0}" height="${plot.y1 - plot.y0 + 4}"/></clipPath></defs>`,
  ];
  const yLabel = yFormatter(spec);
  for (const v of y.ticks) {
    const yy = Math.round(sy(v)) + 0.5;
    out.push(`<path d="M${plot.x0} ${yy}H${plot.x1}" stroke="${GRID}"/>`);
    out.push(`<text x="${plot.x0 - 8}" y="${px(sy(v))}" dominant-baseline="central" text-anchor="end" font-size="10" fill="${AXIS}">${esc(yLabel(v))}</text>`);
  }
  out.push(`<path d="M${plot.x0} ${plot.y1 + 0.5}H${plot.x1}" stroke="${AXIS}"/>`);
  out.push(...timeAxis({ spec, plot, xMin, xMax, sx }));
  const g: string[] = [];
  for (const band of spec.bands ?? []) {
    if (band.points.length < 2) continue;
    const lo = band.points.map(([t, l]) => `${px(sx(t))} ${px(sy(l))}`);
    const hi = band.points.map(([t, , h]) => `${px(sx(t))} ${px(sy(h))}`).reverse();
    g.push(`<path d="M${lo.join('L')}L${hi.join('L')}Z" fill="${BAND}"/>`);
  }
  spec.series.forEach((s, i) => {
    const d = linePath(s.points, sx, sy);
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    if (d) g.push(`<path d="${d}" fill="none" stroke="${colors[i]}" stroke-width="1.4" stroke-linejoin="round"${dash}/>`);
    // Sparse series (a host that just started) would be invisible without point markers.
    const real = s.points.filter((p) => p[1] !== null);
    if (real.length < 30) for (const [t, v] of real) g.push(`<circle cx="${px(sx(t))}" cy="${px(sy(v!))}" r="2" fill="#fff" stroke="${colors[i]}"/>`);
  });
  out.push(`<g clip-path="url(#${clip})">${g.join('')}</g>`);
  if (spec.title) out.push(`<text x="5" y="11" dominant-baseline="central" font-size="12" font-weight="600" fill="#464646">${esc(spec.title)}</text>`);
  legend.items.forEach((it, i) => {
    const c = colors[i];
    const dash = spec.series[i]?.dashed ? ' stroke-dasharray="4 2"' : '';
    out.push(
      `<path d="M${px(it.x)} ${it.y}h14" stroke="${c}" stroke-width="2"${dash}/><circle cx="${px(it.x + 7)}" cy="${it.y}" r="3" fill="#fff" stroke="${c}"/>` +
        `<text x="${px(it.x + 19)}" y="${it.y}" dominant-baseline="central" font-size="10" fill="#333">${esc(it.name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

/** "M x y L x y …" with a break at every null: gaps are drawn as gaps, never as zeros. */
function linePath(points: Array<[number, number | null]>, sx: (t: number) => number, sy: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const [t, v] of points) {
    if (v === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(sx(t))} ${px(sy(v))}`;
    pen = true;
  }
  return d;
}

/** Legend items right-aligned on the top line, or (narrow charts) rows from the left under the title. */
function legendLayout(o: { names: string[]; width: number; narrow: boolean }): { rows: number; items: Array<{ name: string; x: number; y: number }> } {
  const widths = o.names.map((n) => 14 + 5 + textWidth(n, 10));
  const avail = o.width - 10;
  const rows: number[][] = [[]];
  let used = 0;
  widths.forEach((w, i) => {
    const row = rows[rows.length - 1]!;
    if (row.length > 0 && used + 6 + w > avail) {
      rows.push([i]);
      used = w;
      return;
    }
    used += (row.length > 0 ? 6 : 0) + w;
    row.push(i);
  });
  const items: Array<{ name: string; x: number; y: number }> = [];
  rows.forEach((row, r) => {
    const total = row.reduce((t, i) => t + (widths[i] ?? 0), 0) + 6 * Math.max(0, row.length - 1);
    let x = o.narrow ? 5 : o.width - 5 - total;
    const yy = (o.narrow ? 16 : 0) + 12 + 14 * r;
    for (const i of row) {
      items.push({ name: o.names[i] ?? '', x, y: yy });
      x += (widths[i] ?? 0) + 6;
    }
  });
  return { rows: o.names.length === 0 ? 0 : rows.length, items };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, timezone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timezone}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: timezone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    dateFormats.set(key, f);
  }
  return f;
}

/** Ticks and labels under the plot; a label that would overlap the one before it is left out. */
function timeAxis(o: { spec: LineChartSpec; plot: { x0: number; x1: number; y1: number }; xMin: number; xMax: number; sx: (t: number) => number }): string[] {
  const fmt = dateFormat(o.spec.locale, o.spec.timezone);
  const sample = fmt.format(new Date(o.xMin));
  const labelW = textWidth(sample, 10);
  const ticks = timeTicks({ from: o.xMin, to: o.xMax, widthPx: o.plot.x1 - o.plot.x0, minGapPx: labelW + 12, timezone: o.spec.timezone });
  const out: string[] = [];
  let lastRight = -Infinity;
  for (const t of ticks) {
    const x = Math.round(o.sx(t)) + 0.5;
    out.push(`<path d="M${x} ${o.plot.y1}v5" stroke="${AXIS}"/>`);
    const label = fmt.format(new Date(t));
    const w = textWidth(label, 10);
    if (x - w / 2 < lastRight + 4 || x - w / 2 < 0 || x + w / 2 > (o.spec.width ?? 720)) continue;
    lastRight = x + w / 2;
    out.push(`<text x="${x}" y="${o.plot.y1 + 13}" dominant-baseline="central" text-anchor="middle" font-size="10" fill="${AXIS}">${esc(label)}</text>`);
  }
  return out;
}

/** Y labels as ECharts wrote them: thousands separated, the unit appended, or byte rates. */
function yFormatter(spec: LineChartSpec): (v: number) => string {
  if (spec.format === 'bytesPerSecond') return bytesPerSecond;
  const n = new Intl.NumberFormat('en-US', { maximumFractionDigits: 10 });
  return (v) => `${n.format(v)}${spec.unit ?? ''}`;
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
