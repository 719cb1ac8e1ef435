/**
 * Accuracy and interval figures for `npm run bench:forecast` (bench/forecast.ts prints them): taylor
 * against R (called here when Rscript is installed), weekly-cycle series from `checkup simulate`'s
 * generator, the 17 R datasets against R's ets and against the engine before issue 17, and interval
 * coverage at rolling origins of R series, some of which the engine's design never looked at.
 * Everything here is deterministic; only the R timings vary.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { forecastSeries, type ForecastResult } from '../src/analyze/index.js';
import { createRng } from '../src/analyze/prng.js';
import { drawProfile } from '../src/simulate/host-profile.js';
import { hostPoints } from '../src/simulate/host-series.js';

const FIXTURES = new URL('../test/fixtures/forecast/', import.meta.url).pathname;
const WEEK = 336;
const round = (v: number, d = 3): number => Math.round(v * 10 ** d) / 10 ** d;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const geomean = (xs: number[]): number => Math.exp(mean(xs.map(Math.log)));

/** MASE: mean absolute error over the scale of the in-sample seasonal naive (lag m) of train. */
export function mase(forecast: ArrayLike<number>, actual: ArrayLike<number | null>, train: ArrayLike<number | null>, m: number): number {
  let scale = 0;
  let ns = 0;
  for (let i = m; i < train.length; i++) {
    const a = train[i];
    const b = train[i - m];
    if (a === null || a === undefined || b === null || b === undefined) continue;
    scale += Math.abs(a - b);
    ns++;
  }
  let mae = 0;
  let na = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    if (a === null || a === undefined) continue;
    mae += Math.abs(a - (forecast[i] as number));
    na++;
  }
  return mae / na / (scale / ns);
}

type Coverage = { in80: number; in95: number; count: number };
const cover = (c: Coverage, r: Pick<ForecastResult, 'forecast'>, actual: ArrayLike<number | null>): void => {
  r.forecast.forEach((p, h) => {
    const a = actual[h];
    if (a === null || a === undefined) return;
    c.count++;
    if (a >= p.lo80 && a <= p.hi80) c.in80++;
    if (a >= p.lo95 && a <= p.hi95) c.in95++;
  });
};
const pct = (c: Coverage) => ({ coverage80: round((100 * c.in80) / c.count, 1), coverage95: round((100 * c.in95) / c.count, 1), points: c.count });

function loadTaylor(): { values: number[]; timestamps: number[] } {
  const rows = readFileSync(`${FIXTURES}taylor.csv`, 'utf8').trim().split('\n').slice(1);
  return { values: rows.map((l) => Number(l.split(',')[1])), timestamps: rows.map((l) => Date.parse(l.split(',')[0] as string)) };
}

type RTaylor = {
  r: string;
  forecast: string;
  stlf336: number;
  stlfSeconds: number;
  snaive336: number;
  stlf48: number[];
  snaive48: number[];
  tbats336: number | null;
  tbatsSeconds: number | null;
};

function rTaylor(): RTaylor | { unavailable: string } {
  const script = new URL('./r/taylor.R', import.meta.url).pathname;
  const res = spawnSync('Rscript', [script, ...(process.env.BENCH_TBATS === '1' ? ['tbats'] : [])], { encoding: 'utf8', timeout: 600_000 });
  if (res.status !== 0) return { unavailable: (res.stderr || String(res.error)).trim().split('\n').at(-1) ?? 'Rscript failed' };
  return JSON.parse(res.stdout.trim().split('\n').at(-1) as string) as RTaylor;
}

/** taylor: a week ahead with the last week held out, and a day ahead from each of the last seven days. */
export function taylorFigures(): Record<string, unknown> {
  const { values, timestamps } = loadTaylor();
  const n = values.length;
  const at = (origin: number, h: number): { result: ForecastResult; mase: number } => {
    const result = forecastSeries({ values: values.slice(0, origin), timestamps: timestamps.slice(0, origin), horizon: h });
    return {
      result,
      mase: mase(
        result.forecast.map((p) => p.mean),
        values.slice(origin, origin + h),
        values.slice(0, origin),
        WEEK,
      ),
    };
  };
  const week = at(n - WEEK, WEEK);
  const snaive = mase(values.slice(n - 2 * WEEK, n - WEEK), values.slice(n - WEEK), values.slice(0, n - WEEK), WEEK);
  const days = Array.from({ length: 7 }, (_, k) => n - WEEK + 48 * k).map((o) => at(o, 48));
  const weeks = Array.from({ length: 6 }, (_, k) => n - (6 - k) * WEEK).map((o) => at(o, WEEK));
  const r = rTaylor();
  const rOk = 'stlf336' in r ? r : null;
  return {
    h336: {
      model: week.result.model,
      mase: round(week.mase),
      snaiveMase: round(snaive),
      rStlfMase: rOk ? round(rOk.stlf336) : null,
      gainOverRStlf: rOk ? round(1 - week.mase / rOk.stlf336) : null,
      rTbatsMase: rOk?.tbats336 ?? null,
      rTbatsSeconds: rOk?.tbatsSeconds ?? null,
      validation: week.result.selection.validation?.scores.map((s) => ({ method: s.method, mae: round(s.mae, 1) })),
    },
    h48LastSevenDays: {
      mase: days.map((d) => round(d.mase)),
      meanMase: round(mean(days.map((d) => d.mase))),
      rStlfMeanMase: rOk ? round(mean(rOk.stlf48)) : null,
      snaiveMeanMase: rOk ? round(mean(rOk.snaive48)) : null,
      models: days.map((d) => d.result.model),
    },
    h336LastSixWeeks: { mase: weeks.map((w) => round(w.mase)), meanMase: round(mean(weeks.map((w) => w.mase))), models: weeks.map((w) => w.result.model) },
    r: rOk ? { version: `R ${rOk.r}, forecast ${rOk.forecast}`, stlfSeconds: rOk.stlfSeconds } : r,
  };
}

/**
 * CPU of hosts from `checkup simulate`'s generator (daily cycle, weekends at 40-80%), at the 30-minute
 * step of a weekly report's charts, five weeks: a day ahead from each day of the last week, and the
 * last week ahead. MASE over the weekly seasonal naive's in-sample error; coverage of the 80/95% bands.
 */
export function simulatedWeekly(hosts = 10, seed = 7): Record<string, unknown> {
  const step = 30 * 60_000;
  const to = Date.UTC(2026, 0, 5);
  const from = to - 35 * 86_400_000;
  const days: number[] = [];
  const weeks: number[] = [];
  const dayCover: Coverage = { in80: 0, in95: 0, count: 0 };
  const weekCover: Coverage = { in80: 0, in95: 0, count: 0 };
  const models = new Map<string, number>();
  for (let i = 0; i < hosts; i++) {
    const profile = drawProfile(i, createRng(seed * 1_000_003 + i));
    const { points } = hostPoints(profile, { from, to, step, rng: createRng(seed * 7_919 + i * 31 + 1) });
    const byT = new Map(points.filter((p) => p.metric === 'cpu.total' && !p.labels).map((p) => [p.t, p.v]));
    const timestamps: number[] = [];
    for (let t = from; t < to; t += step) timestamps.push(t);
    const values = timestamps.map((t) => byT.get(t) ?? null);
    const run = (origin: number, h: number, into: number[], c: Coverage): void => {
      const r = forecastSeries({ values: values.slice(0, origin), timestamps: timestamps.slice(0, origin), horizon: h });
      const family = r.model.replace(/\+ets\(.*\)$/, '+ets');
      models.set(family, (models.get(family) ?? 0) + 1);
      into.push(
        mase(
          r.forecast.map((p) => p.mean),
          values.slice(origin, origin + h),
          values.slice(0, origin),
          WEEK,
        ),
      );
      cover(c, r, values.slice(origin, origin + h));
    };
    for (let o = values.length - WEEK; o < values.length; o += 48) run(o, 48, days, dayCover);
    run(values.length - WEEK, WEEK, weeks, weekCover);
  }
  return {
    hosts,
    dayAhead: { meanMase: round(mean(days)), ...pct(dayCover) },
    weekAhead: { meanMase: round(mean(weeks)), ...pct(weekCover) },
    methods: Object.fromEntries(models),
  };
}

type RSeries = { name: string; frequency: number; trainLength: number; horizon: number; values: number[]; ets: { method: string; mase: number } };

/** The 17 R datasets of the unit tests: ours against R's ets and against the engine before issue 17. */
export function rDatasets(): Record<string, unknown> {
  const series = (JSON.parse(readFileSync(`${FIXTURES}r-ets-reference.json`, 'utf8')) as { series: RSeries[] }).series;
  const before = (JSON.parse(readFileSync(`${FIXTURES}baseline-mase.json`, 'utf8')) as { mase: Record<string, number> }).mase;
  const rows = series.map((s) => {
    const train = s.values.slice(0, s.trainLength);
    const r = forecastSeries({ values: train, season: s.frequency, horizon: s.horizon });
    const ours = mase(
      r.forecast.map((p) => p.mean),
      s.values.slice(s.trainLength),
      train,
      s.frequency,
    );
    return { name: s.name, model: r.model, ours, r: s.ets.mase, before: before[s.name] as number };
  });
  const worst = rows.reduce((a, b) => (b.ours / b.before > a.ours / a.before ? b : a));
  return {
    series: rows.length,
    meanMaseRatioToR: round(mean(rows.map((x) => x.ours)) / mean(rows.map((x) => x.r))),
    meanOfRatiosToR: round(mean(rows.map((x) => x.ours / x.r))),
    geomeanRatioToR: round(geomean(rows.map((x) => x.ours / x.r))),
    worstChangeFromBefore: { series: worst.name, ratio: round(worst.ours / worst.before, 4) },
    rows: rows.map((x) => ({ name: x.name, model: x.model, mase: round(x.ours, 4), r: round(x.r, 4), before: round(x.before, 4) })),
  };
}

type Rolling = {
  set: 'tuning' | 'fresh';
  name: string;
  frequency: number;
  origin: number;
  horizon: number;
  values: number[];
  ets: { method: string; mean: number[]; lo80: number[]; hi80: number[]; lo95: number[]; hi95: number[] };
};

/**
 * Interval coverage and accuracy at rolling origins (scripts/fixtures/derive-rolling-fixtures.R):
 * "tuning" are earlier origins of the 17 datasets, looked at while designing the band calibration;
 * "fresh" are 12 other R series, which no test uses and nothing was tuned on.
 */
export function rollingCoverage(): Record<string, unknown> {
  const all = (JSON.parse(readFileSync(`${FIXTURES}r-rolling-reference.json`, 'utf8')) as { forecasts: Rolling[] }).forecasts;
  const summary = (set: Rolling['set']): Record<string, unknown> => {
    const ours: Coverage = { in80: 0, in95: 0, count: 0 };
    const theirs: Coverage = { in80: 0, in95: 0, count: 0 };
    const ratios: number[] = [];
    const picked = all.filter((f) => f.set === set);
    for (const f of picked) {
      const m = Math.max(1, Math.round(f.frequency));
      const train = f.values.slice(0, f.origin);
      const actual = f.values.slice(f.origin, f.origin + f.horizon);
      const r = forecastSeries({ values: train, season: m, horizon: f.horizon });
      cover(ours, r, actual);
      const rBand = {
        forecast: f.ets.mean.map((v, h) => ({
          mean: v,
          lo80: f.ets.lo80[h] as number,
          hi80: f.ets.hi80[h] as number,
          lo95: f.ets.lo95[h] as number,
          hi95: f.ets.hi95[h] as number,
        })),
      };
      cover(theirs, rBand as Pick<ForecastResult, 'forecast'>, actual);
      ratios.push(
        mase(
          r.forecast.map((p) => p.mean),
          actual,
          train,
          m,
        ) / mase(f.ets.mean, actual, train, m),
      );
    }
    return {
      forecasts: picked.length,
      series: new Set(picked.map((f) => f.name)).size,
      ours: pct(ours),
      r: pct(theirs),
      maseGeomeanRatioToR: round(geomean(ratios)),
    };
  };
  return { tuning: summary('tuning'), fresh: summary('fresh') };
}
