import { describe, expect, it } from 'vitest';
import { renderLineChart } from '../../../src/report/charts/line-chart.js';
import { nice, valueScale } from '../../../src/report/charts/nice-scale.js';
import { timeTicks } from '../../../src/report/charts/time-ticks.js';

const T0 = Date.UTC(2026, 10, 30);
const HOUR = 3_600_000;
const base = { timezone: 'UTC', locale: 'en', xMin: T0, xMax: T0 + 48 * HOUR };
const series = (values: Array<number | null>) => values.map((v, i) => [T0 + i * HOUR, v] as [number, number | null]);
const paths = (svg: string) => [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="#[0-9a-f]+" stroke-width="1.4"/g)].map((m) => m[1]!);
const texts = (svg: string) => [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('line chart SVG', () => {
  it('breaks the line at a gap instead of drawing it down to zero', () => {
    const svg = renderLineChart({ ...base, series: [{ name: 'cpu', points: series([10, 20, null, null, 30, 40, ...Array(40).fill(50)]) }] });
    const [d] = paths(svg);
    expect(d?.match(/M/g)).toHaveLength(2);
    // Zero is the plot's bottom edge (y = 220 - 28): no point of the line lies on it.
    expect(d).not.toMatch(/ 192\b/);
  });

  it('labels a percent axis 0 to 100 in steps of 20, and a byte-rate axis in binary units', () => {
    const pct = renderLineChart({ ...base, unit: '%', yMin: 0, yMax: 100, series: [{ name: 'cpu', points: series(Array(48).fill(42)) }] });
    expect(texts(pct).filter((t) => t.endsWith('%'))).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    const bps = renderLineChart({ ...base, format: 'bytesPerSecond', yMin: 0, series: [{ name: 'rx', points: series(Array(48).fill(3 * 1024 * 1024)) }] });
    expect(texts(bps)).toContain('0');
    expect(texts(bps)).toContain('2.9 MiB/s');
  });

  it('escapes names and titles, and gives every chart its own clip path', () => {
    const spec = { ...base, title: 'a<b', series: [{ name: '/mnt/"><svg onload=x>', points: series(Array(48).fill(1)) }] };
    const one = renderLineChart(spec);
    const two = renderLineChart(spec);
    expect(one).not.toContain('<svg onload');
    expect(texts(one)).toContain('a&#60;b');
    expect(one.match(/clipPath id="([^"]+)"/)?.[1]).not.toBe(two.match(/clipPath id="([^"]+)"/)?.[1]);
  });

  it('draws markers on a sparse series and a filled band for a forecast', () => {
    const svg = renderLineChart({
      ...base,
      series: [{ name: 'new host', points: series([5, 6, 7]) }],
      bands: [{ name: '80%', points: [[T0 + 40 * HOUR, 1, 9] as [number, number, number], [T0 + 44 * HOUR, 2, 8] as [number, number, number]] }],
    });
    expect(svg.match(/<circle [^>]*r="2"/g)).toHaveLength(3);
    expect(svg).toMatch(/<path d="M[^"]+Z" fill="rgba\(220, 38, 38, 0.22\)"/);
  });
});

describe('axis ticks', () => {
  it('picks 1, 2, 3 or 5 times a power of ten and widens open ends to a tick', () => {
    expect([nice(0.8), nice(1.7), nice(3.2), nice(6), nice(8)]).toEqual([1, 2, 3, 5, 10]);
    expect(valueScale({ dataMin: 0.4, dataMax: 2.7 })).toEqual({ min: 0, max: 3, ticks: [0, 0.5, 1, 1.5, 2, 2.5, 3] });
  });

  it('puts time ticks on local midnights, as far apart as the labels need', () => {
    const from = Date.UTC(2026, 10, 30, 12);
    const ticks = timeTicks({ from, to: from + 7 * 24 * HOUR, widthPx: 648, minGapPx: 80, timezone: 'Asia/Tokyo' });
    expect(ticks.length).toBeGreaterThan(3);
    for (const t of ticks) expect(new Date(t + 9 * HOUR).getUTCHours()).toBe(0);
    expect(ticks[1]! - ticks[0]!).toBe(24 * HOUR);
  });
});
