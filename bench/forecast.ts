/**
 * Forecasting engine bench (npm run bench:forecast). Prints progress, then ONE JSON object on the
 * last line. Figures are wall-clock medians on this machine, JIT warmed up, nothing cached unless
 * the figure says "warm".
 *   1. automatic selection + fit + forecast (288 steps, 80/95% bands), n = 10,000, season 288;
 *   2. statsmodels ExponentialSmoothing (one additive Holt-Winters model) on the same series;
 *   3. a report: 100 hosts × 40 series of 7 days of 5-minute samples (2016 points): the first report
 *      (empty fit cache), then ten daily reports with the cache carried over (see report()).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFitCache, createForecastPool, forecastSeries, forecastWithCacheOn, fromWarmStart } from '../src/analyze/index.js';
import type { Forecaster, ForecastResult } from '../src/analyze/index.js';
import { createRng } from '../src/analyze/prng.js';

const M = 288;
const PYTHON = '/usr/bin/python3';

/** Monitoring-like series: daily cycle, drift, noise, a few gaps; kind varies the shape. */
function makeSeries(n: number, seed: number, kind = seed % 4): (number | null)[] {
  const rng = createRng(seed);
  let level = 30 + 40 * rng.next();
  const amp = kind === 2 ? 0 : 2 + 10 * rng.next();
  const slope = kind === 1 ? 0.002 + 0.01 * rng.next() : 0.0005 * rng.normal();
  const noise = 0.5 + 2 * rng.next();
  return Array.from({ length: n }, (_, i) => {
    level += slope + 0.02 * rng.normal();
    if (rng.next() < 0.002) return null;
    const daily = amp * (Math.sin((2 * Math.PI * i) / M) + 0.4 * Math.sin((4 * Math.PI * i) / M));
    return Math.max(0.1, level + daily + noise * rng.normal());
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
    if (res.status !== 0) return { fitMs: null, heuristicMs: null, note: `statsmodels unavailable: ${(res.stderr || String(res.error)).trim().split('\n').at(-1)}` };
    const out = JSON.parse(res.stdout.trim().split('\n').at(-1) as string) as { statsmodels: string; estimated: { medianMs: number }; heuristic: { medianMs: number } };
    return { fitMs: round(out.estimated.medianMs), heuristicMs: round(out.heuristic.medianMs), note: `statsmodels ${out.statsmodels} ExponentialSmoothing(trend=add, seasonal=add, 288).fit(), one model` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A report's forecasting: 100 hosts × 40 series, each 7 days of 5-minute samples (2016 points),
 * forecast a day ahead (288 steps) with season 288, through the same path a report takes (the fit
 * cache on the main thread, fits on the worker-thread pool). First report: empty cache. Then the
 * following daily reports, 288 samples later each, with the cache carried over: mostly warm starts,
 * plus the full searches the cache spreads over reports. Also the first daily report in one thread.
 */
async function report(hosts: number, perHost: number, n: number, days: number): Promise<Record<string, unknown>> {
  const series = Array.from({ length: hosts * perHost }, (_, i) => makeSeries(n + days * M, 1000 + i));
  const cache = createFitCache();
  const pool = createForecastPool();
  const inline = createForecastPool({ threads: 0 });
  type Pass = { wall: number; searches: number; reused: number; simulated: number };
  const pass = async (offset: number, on: Forecaster, fits = cache): Promise<Pass> => {
    const t0 = performance.now();
    const results = await Promise.all(
      series.map((s, i) => forecastWithCacheOn(on, { seriesId: `host${Math.floor(i / perHost)}|m${i % perHost}`, cache: fits, values: s.slice(offset, offset + n), season: M, horizon: M })),
    );
    return {
      wall: (performance.now() - t0) / 1000,
      searches: results.filter((r) => !fromWarmStart(r.selection.strategy)).length,
      reused: results.filter((r) => r.selection.strategy === 'reused').length,
      simulated: results.filter((r) => r.intervals === 'simulated').length,
    };
  };
  try {
    const cold = await pass(0, pool);
    const coldEntries = JSON.stringify(cache.export());
    const daily: Pass[] = [];
    for (let d = 1; d <= days; d++) daily.push(await pass(d * M, pool));
    // The first daily report again, in-process, from a copy of the cache as it was after the first report.
    const replay = createFitCache({ entries: JSON.parse(coldEntries) as ReturnType<typeof cache.export> });
    const single = await pass(M, inline, replay);
    const walls = daily.map((p) => p.wall);
    return {
      series: series.length,
      points: n,
      horizon: M,
      threads: pool.threads,
      firstReportSeconds: round(cold.wall),
      dailyReportMedianSeconds: round(median(walls)),
      dailyReportMaxSeconds: round(Math.max(...walls)),
      dailyReportSeconds: walls.map((w) => round(w)),
      dailyFullSearches: daily.map((p) => p.searches),
      dailyParametersReused: daily.map((p) => p.reused),
      firstDailyReportOneThreadSeconds: round(single.wall),
      simulatedIntervalsShare: round(cold.simulated / series.length),
    };
  } finally {
    await pool.close();
  }
}
const loadBefore = round(loadavg()[0] as number);
const values = makeSeries(10_000, 42, 0);
const input = { values, season: M, horizon: M };
for (let i = 0; i < 5; i++) forecastSeries(input); // JIT warm-up
const auto = timeRuns(31, () => forecastSeries(input));
const sample: ForecastResult = forecastSeries(input);
const warm = timeRuns(31, () => forecastSeries({ ...input, warmStart: sample.warmStart }));
const hwAdd = timeRuns(31, () => forecastSeries({ ...input, model: 'hw-add' }));
// The same, fitting on all 10,000 points (and choosing the structure on all of them) instead of the window.
const fullWindow = timeRuns(11, () => forecastSeries({ ...input, maxFitPoints: 10_000 }));
console.log(`auto: ${sample.ets} via ${sample.selection.strategy} (${sample.selection.candidates} fits), fitted on [${sample.fitted.from}, ${sample.fitted.to}), ${sample.intervals} intervals`);
console.log(`auto selection + fit + forecast: median ${auto.medianMs} ms (min ${auto.minMs}); warm start ${warm.medianMs} ms; forced hw-add ${hwAdd.medianMs} ms; fitted on all 10,000 points ${fullWindow.medianMs} ms`);

const sm = statsmodels(values);
console.log(sm.note, sm.fitMs === null ? '' : `: estimated init ${sm.fitMs} ms, heuristic init ${sm.heuristicMs} ms`);

const rep = await report(100, 40, 2016, Number(process.env.BENCH_DAYS ?? 10));
console.log(
  `report 100 × 40 series × 2016 points on ${rep.threads} threads: first report ${rep.firstReportSeconds} s; daily reports after it median ${rep.dailyReportMedianSeconds} s, max ${rep.dailyReportMaxSeconds} s (full searches per report: ${String(rep.dailyFullSearches)}; parameters reused: ${String(rep.dailyParametersReused)}); first daily report in one thread ${rep.firstDailyReportOneThreadSeconds} s`,
);

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
    report: rep,
    loadAverage1m: { before: loadBefore, after: round(loadavg()[0] as number), cores: availableParallelism() },
  }),
);
