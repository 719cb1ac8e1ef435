import {
  amountIn,
  describeMethod,
  distinctRange,
  forecastWithCacheOn,
  toStoredForecast,
  type FitCache,
  type Forecaster,
  type ForecastResult,
  type StoredForecast,
} from '../../analyze/index.js';
import type { RangeSeries, SeriesStore } from '../../store/types.js';
import { pickSeries } from './series-stats.js';
import { interpolate } from '../templates/helpers.js';
import type { Status } from './thresholds.js';
import { METRIC } from '../../metrics/index.js';

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

/** Days the sentences' "within 30 days" speaks of: the display horizon of a disk forecast. */
const DISK_HORIZON_DAYS = (DISK_HORIZON_STEPS * DISK_STEP) / DAY;

/**
 * "Disk /var on web-1 full in 9 days (80%: 7–12)", or that it stays below full within 30 days. The
 * crossing is searched up to a year ahead (forecastSeries' threshold limit), so a far crossing is still
 * a number ("full in 120 days"), and an 80% range open at the top says how far the search looked.
 */
export function phraseDisk(opts: {
  host: string;
  mount: string;
  now: number;
  result: ForecastResult;
  strings: Record<string, string>;
  stepMs?: number;
}): DiskForecast {
  const t = opts.result.threshold;
  const eta = t?.eta?.timestamp ?? null;
  const earliest = t?.earliest?.timestamp ?? null;
  const latest = t?.latest?.timestamp ?? null;
  const stepMs = opts.stepMs ?? DISK_STEP;
  const inDays = (ts: number) => (ts - opts.now) / DAY;
  const args: Record<string, string> = { host: opts.host, mount: opts.mount, eta: eta === null ? '' : amountIn(inDays(eta)) };
  let key = 'forecast.diskOk';
  // "May be full within 30 days" only when the band reaches full within those 30 days.
  const maybe = earliest !== null && inDays(earliest) <= DISK_HORIZON_DAYS;
  if (eta !== null) {
    const lo = inDays(earliest ?? eta);
    const searched = ((t?.horizon ?? DISK_HORIZON_STEPS) * stepMs) / DAY;
    // Crossings fall on whole forecast steps: an interval inside one step is shown one step wide.
    const range =
      latest === null ? { lo: amountIn(lo), hi: `>${amountIn(searched)}` } : distinctRange({ lo, hi: inDays(latest), step: stepMs / DAY, format: amountIn });
    key = range ? 'forecast.diskFull' : 'forecast.diskFullTight';
    Object.assign(args, range ?? { width: inDays(eta) >= 10 ? '0.1' : '0.01' });
  } else if (maybe) {
    key = 'forecast.diskMaybe';
    args.lo = amountIn(inDays(earliest));
  }
  const etaDays = eta === null ? null : inDays(eta);
  const status: Status = etaDays === null ? (maybe ? 'warn' : 'ok') : etaDays <= 7 ? 'fail' : etaDays <= DISK_HORIZON_DAYS ? 'warn' : 'ok';
  return {
    mount: opts.mount,
    sentence: interpolate(opts.strings[key] ?? key, args),
    status,
    etaMs: eta,
    earliestMs: earliest,
    latestMs: latest,
    model: describeMethod(opts.result),
    levelShiftAt: opts.result.levelShift?.timestamp ?? null,
  };
}

/** Time to full for every mount of a host, fitted after the last cleanup if there was one. */
export async function forecastDisks(opts: {
  store: SeriesStore;
  host: string;
  now: number;
  fits: Fits;
  strings: Record<string, string>;
}): Promise<{ disks: DiskForecast[]; stored: StoredForecast[] }> {
  const series = await opts.store.range({ host: opts.host, metric: METRIC.diskUsedPct, from: opts.now - DISK_HISTORY, to: opts.now, step: DISK_STEP });
  const disks: DiskForecast[] = [];
  const stored: StoredForecast[] = [];
  const results = await Promise.all(
    series.map((s) => fitSeries({ s, horizon: DISK_HORIZON_STEPS, fits: opts.fits, threshold: 100, id: seriesId(opts.host, METRIC.diskUsedPct, s.id.labels) })),
  );
  for (const [i, s] of series.entries()) {
    const mount = s.id.labels.mount ?? '?';
    const fit = results[i];
    if (!fit) continue;
    disks.push(phraseDisk({ host: opts.host, mount, now: opts.now, result: fit, strings: opts.strings }));
    stored.push(toStoredForecast({ seriesId: seriesId(opts.host, METRIC.diskUsedPct, s.id.labels), result: fit, madeAt: opts.now }));
  }
  return { disks, stored };
}

/**
 * History a chart's forecast is fitted on, at the chart's own step, when the period shown is shorter:
 * a daily report's day alone cannot show a daily cycle (two are needed), a week of it can. Charts at
 * 30 minutes or coarser (weekly reports and longer) look back four weeks, so the forecast can find the
 * weekly cycle (two weeks at least, and more to validate it on) and draw weekdays and weekends ahead;
 * at finer steps that would be thousands of points a series, and a daily report's day ahead is
 * drawn from the daily cycle.
 */
const CHART_FIT_HISTORY = 7 * DAY;
const WEEKLY_CHART_FIT_HISTORY = 28 * DAY;
const WEEKLY_CHART_MIN_STEP = 30 * 60_000;

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
  const fetch = async (history: number): Promise<RangeSeries | undefined> =>
    end - history < first
      ? pickSeries(
          await opts.store.range({ host: opts.host, metric: opts.metric, labels: shown.id.labels, from: end - history, to: end, step: shown.step }),
          shown.id.labels,
        )
      : undefined;
  let longer = await fetch(shown.step >= WEEKLY_CHART_MIN_STEP ? WEEKLY_CHART_FIT_HISTORY : CHART_FIT_HISTORY);
  // Four weeks back may lie beyond the finer tier's retention: the store then answers at a coarser
  // step than the chart's, and the forecast falls back to the week before, at the chart's step.
  if (longer && longer.step !== shown.step) longer = await fetch(CHART_FIT_HISTORY);
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
