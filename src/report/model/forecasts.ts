import { amountIn, distinctRange, forecastWithCacheOn, toStoredForecast, type FitCache, type Forecaster, type ForecastResult, type StoredForecast } from '../../analyze/index.js';
import type { RangeSeries, SeriesStore } from '../../store/types.js';
import { pickSeries } from './series-stats.js';
import { interpolate } from '../templates/helpers.js';
import type { Status } from './thresholds.js';

const DAY = 86_400_000;
/** Disks are judged on two weeks of 6-hour averages: long enough to see a trend, short enough to follow it. */
const DISK_HISTORY = 14 * DAY;
const DISK_STEP = 6 * 3_600_000;
const DISK_HORIZON_STEPS = 120; // 30 days ahead
const MIN_POINTS = 8;

export type DiskForecast = {
  mount: string;
  sentence: string;
  status: Status;
  etaMs: number | null;
  earliestMs: number | null;
  latestMs: number | null;
  model: string;
  levelShiftAt: number | null;
};

export type ChartForecast = { mean: Array<[number, number]>; band: Array<[number, number, number]>; stored: StoredForecast };

/** Where a report's forecasts run (in-process or on the worker-thread pool) and the fits it starts from. */
export type Fits = { forecaster: Pick<Forecaster, 'forecast'>; cache: FitCache };

export const seriesId = (host: string, metric: string, labels: Record<string, string> = {}) =>
  [host, metric, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)].join('|');

/** "Disk /var on web-1 full in 9 days (80%: 7–12)", or that it stays below full within 30 days. */
export function phraseDisk(opts: { host: string; mount: string; now: number; result: ForecastResult; strings: Record<string, string>; stepMs?: number }): DiskForecast {
  const t = opts.result.threshold;
  const eta = t?.eta?.timestamp ?? null;
  const earliest = t?.earliest?.timestamp ?? null;
  const latest = t?.latest?.timestamp ?? null;
  const inDays = (ts: number) => (ts - opts.now) / DAY;
  const args: Record<string, string> = { host: opts.host, mount: opts.mount, eta: eta === null ? '' : amountIn(inDays(eta)) };
  let key = 'forecast.diskOk';
  if (eta !== null) {
    const lo = inDays(earliest ?? eta);
    // Crossings fall on whole forecast steps: an interval inside one step is shown one step wide.
    const range = latest === null ? { lo: amountIn(lo), hi: '>30' } : distinctRange({ lo, hi: inDays(latest), step: (opts.stepMs ?? DISK_STEP) / DAY, format: amountIn });
    key = range ? 'forecast.diskFull' : 'forecast.diskFullTight';
    Object.assign(args, range ?? { width: inDays(eta) >= 10 ? '0.1' : '0.01' });
  } else if (earliest !== null) {
    key = 'forecast.diskMaybe';
    args.lo = amountIn(inDays(earliest));
  }
  const etaDays = eta === null ? null : inDays(eta);
  const status: Status = etaDays === null ? (earliest !== null ? 'warn' : 'ok') : etaDays <= 7 ? 'fail' : etaDays <= 30 ? 'warn' : 'ok';
  return {
    mount: opts.mount,
    sentence: interpolate(opts.strings[key] ?? key, args),
    status,
    etaMs: eta,
    earliestMs: earliest,
    latestMs: latest,
    model: opts.result.ets,
    levelShiftAt: opts.result.levelShift?.timestamp ?? null,
  };
}

/** Time to full for every mount of a host, fitted after the last cleanup if there was one. */
export async function forecastDisks(opts: { store: SeriesStore; host: string; now: number; fits: Fits; strings: Record<string, string> }): Promise<{ disks: DiskForecast[]; stored: StoredForecast[] }> {
  const series = await opts.store.range({ host: opts.host, metric: 'disk.used_pct', from: opts.now - DISK_HISTORY, to: opts.now, step: DISK_STEP });
  const disks: DiskForecast[] = [];
  const stored: StoredForecast[] = [];
  const results = await Promise.all(series.map((s) => fitSeries({ s, horizon: DISK_HORIZON_STEPS, fits: opts.fits, threshold: 100, id: seriesId(opts.host, 'disk.used_pct', s.id.labels) })));
  for (const [i, s] of series.entries()) {
    const mount = s.id.labels.mount ?? '?';
    const fit = results[i];
    if (!fit) continue;
    disks.push(phraseDisk({ host: opts.host, mount, now: opts.now, result: fit, strings: opts.strings }));
    stored.push(toStoredForecast({ seriesId: seriesId(opts.host, 'disk.used_pct', s.id.labels), result: fit, madeAt: opts.now }));
  }
  return { disks, stored };
}

/**
 * History a chart's forecast is fitted on, at the chart's own step, when the period shown is shorter:
 * a daily report's day alone cannot show a daily cycle (two are needed), a week of it can.
 */
const CHART_FIT_HISTORY = 7 * DAY;

/** A forecast band drawn ahead on a chart: 15% of the chart's length, at the chart's own step. */
export async function chartForecast(opts: {
  store: SeriesStore;
  /** The series as the chart shows it (the report's period). */
  shown: RangeSeries | undefined;
  host: string;
  metric: string;
  fits: Fits;
  now: number;
  clampMax?: number;
}): Promise<ChartForecast | null> {
  const { shown } = opts;
  if (!shown || shown.points.length === 0) return null;
  const horizon = Math.max(4, Math.round(shown.points.length * 0.15));
  const first = shown.points[0]!.t;
  const end = shown.points[shown.points.length - 1]!.t + shown.step;
  const longer = end - CHART_FIT_HISTORY < first
    ? pickSeries(await opts.store.range({ host: opts.host, metric: opts.metric, labels: shown.id.labels, from: end - CHART_FIT_HISTORY, to: end, step: shown.step }), shown.id.labels)
    : undefined;
  const id = seriesId(opts.host, opts.metric, shown.id.labels);
  const fit = await fitSeries({ s: longer ?? shown, horizon, fits: opts.fits, id });
  if (!fit) return null;
  const hi = opts.clampMax ?? Infinity;
  const clamp = (v: number) => Math.min(hi, Math.max(0, v));
  const pts = fit.forecast.filter((p) => p.timestamp !== null);
  return {
    mean: pts.map((p) => [p.timestamp!, clamp(p.mean)]),
    band: pts.map((p) => [p.timestamp!, clamp(p.lo80), clamp(p.hi80)]),
    stored: toStoredForecast({ seriesId: id, result: fit, madeAt: opts.now }),
  };
}

async function fitSeries(opts: { s: RangeSeries; horizon: number; fits: Fits; threshold?: number; id: string }): Promise<ForecastResult | null> {
  // Leading and trailing empty buckets carry nothing; inner ones stay as gaps.
  const pts = opts.s.points;
  let a = 0;
  let b = pts.length;
  while (a < b && pts[a]!.v === null) a++;
  while (b > a && pts[b - 1]!.v === null) b--;
  const window = pts.slice(a, b);
  if (window.filter((p) => p.v !== null).length < MIN_POINTS) return null;
  try {
    return await forecastWithCacheOn(opts.fits.forecaster, {
      // Per resolution: a daily report's 5-minute chart and a weekly one's 30-minute chart of the same
      // series are different fits; sharing one entry made each report throw the other's fit away.
      seriesId: `${opts.id}|step=${opts.s.step}`,
      cache: opts.fits.cache,
      values: window.map((p) => p.v),
      timestamps: window.map((p) => p.t),
      horizon: opts.horizon,
      ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
    });
  } catch {
    // Too little or degenerate data (a constant series): no forecast rather than a failed report.
    return null;
  }
}
