/**
 * Forecasting engine bench (npm run bench:forecast). Prints progress, then ONE JSON object on the
 * last line. Figures are wall-clock medians on this machine, JIT warmed up, nothing cached unless
 * the figure says "warm".
 *   1. automatic selection + fit + forecast (288 steps, 80/95% bands), n = 10,000, season 288;
 *   2. the multi-seasonal path: taylor's 4,032 half-hours, seasons 48 and 336, a week ahead;
 *   3. statsmodels ExponentialSmoothing (one additive Holt-Winters model) on the same series as 1;
 *   4. accuracy and intervals (bench/forecast-accuracy.ts): taylor against R (run here when Rscript is
 *      installed), weekly-cycle series from `checkup simulate`, the 17 R datasets, rolling origins;
 *   5. a report's forecasting for 100 hosts × 40 series (see report()): a week of 5-minute samples
 *      forecast a day ahead, and a week at a weekly report's chart step; first report, then ten more;
 *      and a weekly report's CPU and memory charts fitted on four weeks (two seasons), 100 hosts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFitCache, createForecastPool, forecastSeries, forecastWithCacheOn, fromWarmStart } from '../src/analyze/index.js';
import type { Forecaster, ForecastResult } from '../src/analyze/index.js';
import { createRng } from '../src/analyze/prng.js';
import { rDatasets, rollingCoverage, simulatedWeekly, taylorFigures } from './forecast-accuracy.js';

const M = 288;
const PYTHON = '/usr/bin/python3';

/**
 * Monitoring-like series: daily cycle (`period` samples), drift, noise, a few gaps; kind varies the
 * shape. With `weekly`, weekends (the last two days of every seven) run at 60% of weekdays' level.
 */
function makeSeries(n: number, seed: number, period = M, kind = seed % 4, weekly = false): (number | null)[] {
  const rng = createRng(seed);
  let level = 30 + 40 * rng.next();
  const amp = kind === 2 ? 0 : 2 + 10 * rng.next();
  const slope = kind === 1 ? 0.002 + 0.01 * rng.next() : 0.0005 * rng.normal();
  const noise = 0.5 + 2 * rng.next();
  return Array.from({ length: n }, (_, i) => {
    level += slope + 0.02 * rng.normal();
    if (rng.next() < 0.002) return null;
    const daily = amp * (Math.sin((2 * Math.PI * i) / period) + 0.4 * Math.sin((4 * Math.PI * i) / period));
    const weekend = weekly && i % (7 * period) >= 5 * period ? 0.6 : 1;
    return Math.max(0.1, (level + daily) * weekend + noise * rng.normal());
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Wall-clock median and minimum, plus median CPU time (which other load on the machine inflates less). */
function timeRuns(runs: number, fn: () => unknown): { medianMs: number; minMs: number; cpuMedianMs: number } {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { medianMs: round(median(times)), minMs: round(Math.min(...times)), cpuMedianMs: round(median(cpu)) };
}

const round = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;

function statsmodels(values: (number | null)[]): { fitMs: number | null; heuristicMs: number | null; note: string } {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-bench-'));
  try {
    const csv = join(dir, 'series.csv');
    // statsmodels has no missing-value support: give it the same series with gaps carried forward.
    let last = values.find((v) => v !== null) ?? 0;
    writeFileSync(csv, ['timestamp,value', ...values.map((v, i) => `${i},${(last = v ?? last)}`)].join('\n'));
    const script = new URL('../scripts/fixtures/statsmodels-fit-time.py', import.meta.url).pathname;
    const res = spawnSync(PYTHON, [script, csv, String(M), '3'], { encoding: 'utf8', timeout: 600_000 });
    if (res.status !== 0)
      return { fitMs: null, heuristicMs: null, note: `statsmodels unavailable: ${(res.stderr || String(res.error)).trim().split('\n').at(-1)}` };
    const out = JSON.parse(res.stdout.trim().split('\n').at(-1) as string) as {
      statsmodels: string;
      estimated: { medianMs: number };
      heuristic: { medianMs: number };
    };
    return {
      fitMs: round(out.estimated.medianMs),
      heuristicMs: round(out.heuristic.medianMs),
      note: `statsmodels ${out.statsmodels} ExponentialSmoothing(trend=add, seasonal=add, 288).fit(), one model`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type ReportShape = {
  name: string;
  hosts: number;
  perHost: number;
  points: number;
  stepMinutes: number;
  horizon: number;
  shift: number;
  reports: number;
  weekly?: boolean;
};

/**
 * A report's forecasting for hosts × series, through the same path a report takes: the fit cache on
 * the main thread, fits on the worker-thread pool, timestamps so the period is inferred as in a report.
 * First report: empty cache. Then the following reports, `shift` samples later each, with the cache
 * carried over: mostly reused or refined fits, plus the full searches the cache spreads over reports.
 * Also the second report computed in one thread, for the pool's speed-up.
 */
async function report(shape: ReportShape): Promise<Record<string, unknown>> {
  const { hosts, perHost, points: n, horizon, shift, reports } = shape;
  const stepMs = shape.stepMinutes * 60_000;
  const period = (24 * 60) / shape.stepMinutes;
  const series = Array.from({ length: hosts * perHost }, (_, i) => makeSeries(n + reports * shift, 1000 + i, period, undefined, shape.weekly === true));
  const timestamps = Array.from({ length: n }, (_, i) => i * stepMs);
  const cache = createFitCache();
  const pool = createForecastPool();
  const inline = createForecastPool({ threads: 0 });
  type Pass = { wall: number; searches: number; reused: number; simulated: number; season: number; methods: Record<string, number> };
  const pass = async (offset: number, on: Forecaster, fits = cache): Promise<Pass> => {
    const t0 = performance.now();
    const results = await Promise.all(
      series.map((s, i) =>
        forecastWithCacheOn(on, {
          seriesId: `host${Math.floor(i / perHost)}|m${i % perHost}`,
          cache: fits,
          values: s.slice(offset, offset + n),
          timestamps,
          horizon,
        }),
      ),
    );
    return {
      wall: (performance.now() - t0) / 1000,
      searches: results.filter((r) => !fromWarmStart(r.selection.strategy)).length,
      reused: results.filter((r) => r.selection.strategy === 'reused').length,
      simulated: results.filter((r) => r.intervals === 'simulated').length,
      season: results[0]?.season ?? 0,
      methods: results.reduce<Record<string, number>>((acc, r) => {
        const family = r.model.replace(/\+ets\(.*\)$/, '+ets');
        acc[family] = (acc[family] ?? 0) + 1;
        return acc;
      }, {}),
    };
  };
  try {
    const first = await pass(0, pool);
    const firstEntries = JSON.stringify(cache.export());
    const next: Pass[] = [];
    for (let r = 1; r <= reports; r++) next.push(await pass(r * shift, pool));
    // The second report again, in-process, from a copy of the cache as it was after the first.
    const single = await pass(shift, inline, createFitCache({ entries: JSON.parse(firstEntries) as ReturnType<typeof cache.export> }));
    const walls = next.map((p) => p.wall);
    return {
      shape: shape.name,
      series: series.length,
      points: n,
      stepMinutes: shape.stepMinutes,
      season: first.season,
      horizon,
      threads: pool.threads,
      firstReportSeconds: round(first.wall),
      nextReportsMedianSeconds: round(median(walls)),
      nextReportsMaxSeconds: round(Math.max(...walls)),
      nextReportsSeconds: walls.map((w) => round(w)),
      nextReportsFullSearches: next.map((p) => p.searches),
      nextReportsParametersReused: next.map((p) => p.reused),
      secondReportOneThreadSeconds: round(single.wall),
      simulatedIntervalsShare: round(first.simulated / series.length),
      firstReportMethods: first.methods,
    };
  } finally {
    await pool.close();
  }
}

const loadBefore = round(loadavg()[0] as number);
const values = makeSeries(10_000, 42, M, 0);
const input = { values, season: M, horizon: M };
for (let i = 0; i < 5; i++) forecastSeries(input); // JIT warm-up
const auto = timeRuns(31, () => forecastSeries(input));
const sample: ForecastResult = forecastSeries(input);
const warm = timeRuns(31, () => forecastSeries({ ...input, warmStart: sample.warmStart }));
const hwAdd = timeRuns(31, () => forecastSeries({ ...input, model: 'hw-add' }));
// The same, fitting on all 10,000 points (and choosing the structure on all of them) instead of the window.
const fullWindow = timeRuns(11, () => forecastSeries({ ...input, maxFitPoints: 10_000 }));
console.log(
  `auto: ${sample.ets} via ${sample.selection.strategy} (${sample.selection.candidates} fits), fitted on [${sample.fitted.from}, ${sample.fitted.to}), ${sample.intervals} intervals`,
);
console.log(
  `auto selection + fit + forecast: median ${auto.medianMs} ms (min ${auto.minMs}); warm start ${warm.medianMs} ms; forced hw-add ${hwAdd.medianMs} ms; fitted on all 10,000 points ${fullWindow.medianMs} ms`,
);

// The multi-seasonal path: taylor (4,032 half-hours), seasons 48 and 336 detected, a week ahead.
const taylorRows = readFileSync(new URL('../test/fixtures/forecast/taylor.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1);
const taylorInput = {
  values: taylorRows.map((l) => Number(l.split(',')[1])),
  timestamps: taylorRows.map((l) => Date.parse(l.split(',')[0] as string)),
  horizon: 336,
};
for (let i = 0; i < 3; i++) forecastSeries(taylorInput);
const multi = timeRuns(11, () => forecastSeries(taylorInput));
const multiSample = forecastSeries(taylorInput);
console.log(
  `multi-seasonal: taylor 4,032 points, ${multiSample.model} (seasons ${multiSample.seasons.join(',')}): median ${multi.medianMs} ms (min ${multi.minMs}, CPU ${multi.cpuMedianMs})`,
);

const accuracy = { taylor: taylorFigures(), simulatedWeekly: simulatedWeekly(), rDatasets: rDatasets(), rolling: rollingCoverage() };
console.log(`accuracy: ${JSON.stringify(accuracy)}`);

const sm = statsmodels(values);
console.log(sm.note, sm.fitMs === null ? '' : `: estimated init ${sm.fitMs} ms, heuristic init ${sm.heuristicMs} ms`);

const reports = Number(process.env.BENCH_REPORTS ?? 10);
// The hard case: a week of 5-minute samples per series, forecast a whole day ahead, reports daily.
const fine = await report({
  name: '5-minute week, a day ahead, daily',
  hosts: 100,
  perHost: 40,
  points: 2016,
  stepMinutes: 5,
  horizon: 288,
  shift: 288,
  reports,
});
// What a weekly report's charts forecast: the week at the chart step (30 minutes), 15% ahead.
const chart = await report({
  name: 'weekly chart (30-minute week, 50 steps ahead), weekly',
  hosts: 100,
  perHost: 40,
  points: 336,
  stepMinutes: 30,
  horizon: 50,
  shift: 336,
  reports,
});
// A weekly report's CPU and memory charts: four weeks at 30 minutes (weekly cycle), a day ahead, weekly.
const fourWeeks = await report({
  name: 'weekly charts on four weeks (30-minute, two seasons, 50 steps ahead), weekly',
  hosts: 100,
  perHost: 2,
  points: 1344,
  stepMinutes: 30,
  horizon: 50,
  shift: 336,
  reports,
  weekly: true,
});
for (const r of [fine, chart, fourWeeks]) {
  console.log(
    `report 100 × 40 series, ${String(r.shape)} on ${String(r.threads)} threads: first report ${String(r.firstReportSeconds)} s; next reports median ${String(r.nextReportsMedianSeconds)} s, max ${String(r.nextReportsMaxSeconds)} s (full searches ${String(r.nextReportsFullSearches)}; parameters reused ${String(r.nextReportsParametersReused)}); second report in one thread ${String(r.secondReportOneThreadSeconds)} s`,
  );
}

console.log(
  JSON.stringify({
    autoMedianMs: auto.medianMs,
    autoMinMs: auto.minMs,
    autoCpuMedianMs: auto.cpuMedianMs,
    autoModel: sample.ets,
    autoStrategy: sample.selection.strategy,
    fitWindow: sample.fitted.to - sample.fitted.from,
    warmStartMedianMs: warm.medianMs,
    forcedHwAddMedianMs: hwAdd.medianMs,
    autoFullWindowMedianMs: fullWindow.medianMs,
    statsmodelsFitMs: sm.fitMs,
    statsmodelsHeuristicFitMs: sm.heuristicMs,
    statsmodelsOverAuto: sm.fitMs === null ? null : round(sm.fitMs / auto.medianMs, 1),
    statsmodelsOverForcedHwAdd: sm.fitMs === null ? null : round(sm.fitMs / hwAdd.medianMs, 1),
    statsmodelsNote: sm.note,
    multiSeasonalMedianMs: multi.medianMs,
    multiSeasonalMinMs: multi.minMs,
    multiSeasonalCpuMedianMs: multi.cpuMedianMs,
    multiSeasonalModel: multiSample.model,
    accuracy,
    report: fine,
    reportChartResolution: chart,
    reportWeeklyChartsFourWeeks: fourWeeks,
    loadAverage1m: { before: loadBefore, after: round(loadavg()[0] as number), cores: availableParallelism() },
  }),
);
