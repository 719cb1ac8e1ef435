// npm run bench:render — report rendering speed and memory with real Redis, Chromium and SMTP.
// Prints one JSON object on the last line. Issue 18's figures: fleet_weekly_total_ms (warm) and
// fleet_weekly_first_run_total_ms (cold), peak_rss_worker_plus_chromium_mb, fleet_pdf_bytes, and
// adhoc_enqueue_to_mail_ms_p50/p95 (single host, enqueue to the message in an SMTP sink, warm worker).
// BENCH_SMTP_PORT picks the sink's port (default: any free one).
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRuntime } from '../src/app/create-deps.js';
import { startWorkerRole } from '../src/app/worker-role.js';
import { renderReport } from '../src/report/render-report.js';
import { buildReportRequest } from '../src/report/request-factory.js';
import { silentLogger } from '../src/shared/logger.js';
import { simulateFleet } from '../src/simulate/simulate.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../test/utils/redis.js';
import { startSmtpSink } from '../test/utils/smtp-sink.js';
import { testConfig } from '../test/utils/test-config.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
/** Nearest-rank percentile: p95 of 20 runs is the 19th fastest. */
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;
const round = (x: number) => Math.round(x * 10) / 10;

/** RSS of this process plus every descendant (Chromium and its renderers), in MB. */
function treeRssMb(): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      rss.set(Number(d), Number(fields[21]) * 4096);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const walk = (pid: number) => {
    total += rss.get(pid) ?? 0;
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(process.pid);
  return total / 1024 / 1024;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRssMb())), 100);

const prefix = testPrefix();
const load0 = loadavg()[0];
const sink = await startSmtpSink(process.env.BENCH_SMTP_PORT ? { port: Number(process.env.BENCH_SMTP_PORT) } : {});
const config = testConfig({
  prefix,
  env: { SMTP_URL: sink.url },
  raw: {
    reports: {
      daily: { template: 'host', period: 'day', hosts: ['sim-001'], formats: ['pdf', 'html'] },
      adhoc: { template: 'host', period: 'day', hosts: ['sim-001'], formats: ['pdf'], recipients: { to: ['ops@example.test'] } },
      weekly: { template: 'fleet', period: 'week', formats: ['pdf'] },
    },
    // A 100-host print takes well over the default 30 s when the machine is loaded: the bench measures
    // how long it takes, it does not test the timeout. BENCH_FORECAST_THREADS=0 forecasts in-process.
    render: {
      protocolTimeout: '180s',
      timeout: '300s',
      ...(process.env.BENCH_FORECAST_THREADS ? { forecastThreads: Number(process.env.BENCH_FORECAST_THREADS) } : {}),
    },
  },
});
const rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
const hosts = Number(process.env.BENCH_HOSTS ?? 100);
try {
  const t0 = performance.now();
  await simulateFleet({
    store: rt.deps.store,
    hosts: rt.deps.hosts,
    checks: rt.deps.checkStore,
    count: hosts,
    days: 8,
    seed: 7,
    stepMs: 5 * 60_000,
  });
  const simulateSec = (performance.now() - t0) / 1000;

  // Single host, daily: the PDF step alone (HTML → PDF in the warm browser) and the whole report.
  const renderer = await rt.deps.renderer();
  const pdfMs: number[] = [];
  const reportMs: number[] = [];
  let html = '';
  for (let i = 0; i < 12; i++) {
    const request = buildReportRequest({ config, name: 'daily', trigger: 'adhoc', at: Date.now() });
    const s = performance.now();
    const out = await renderReport({ deps: rt.deps, request, progress: async () => undefined });
    reportMs.push(performance.now() - s);
    const entry = (await rt.deps.archive.get(out.archiveId))!;
    html = (await rt.deps.archive.readFile(entry, 'html'))!.toString('utf8');
    const p = performance.now();
    await renderer.render({ html, paper: 'A4', title: 'bench', period: 'day', scope: 'sim-001', locale: 'en', timeoutMs: 60_000 });
    pdfMs.push(performance.now() - p);
  }
  // The first two runs warm Chromium and the JIT; the figure is the warm median.
  const warmPdf = pdfMs.slice(2);
  const warmReport = reportMs.slice(2);

  // Ad hoc, as a user asks for it: enqueue on a warm worker, stop the clock when the mail arrives.
  const { workers } = await startWorkerRole(rt);
  const adhocMs: number[] = [];
  for (let i = 0; i < 22; i++) {
    const request = buildReportRequest({ config, name: 'adhoc', trigger: 'adhoc', at: Date.now() });
    const s = performance.now();
    await rt.deps.reports.create(request);
    await rt.deps.enqueue('render-report', { request });
    // Polled every 5 ms: the sink's own waitFor polls every 100 ms, too coarse for a one-second figure.
    const deadline = Date.now() + 60_000;
    while (sink.messages.length < i + 1) {
      if (Date.now() > deadline) throw new Error(`ad-hoc report ${request.id}: no mail within 60 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    adhocMs.push(performance.now() - s);
  }
  // The first two warm the worker (its queues, the mail transport); the figures are over the next 20.
  const warmAdhoc = adhocMs.slice(2);
  // Idle workers poll Redis: closed, so the fleet figures are the render's alone.
  await Promise.all(workers.map((w) => w.close()));

  const fleetRuns: Array<{ totalMs: number; modelMs: number; pdfMs: number; loopP99Ms: number }> = [];
  for (let i = 0; i < 2; i++) {
    const request = buildReportRequest({ config, name: 'weekly', trigger: 'adhoc', at: Date.now() });
    const marks: Record<number, number> = {};
    // How long the worker's event loop (BullMQ lock renewal, and the agent under `checkup start`) stalls.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const s = performance.now();
    await renderReport({ deps: rt.deps, request, progress: async (p) => void (marks[p] = performance.now() - s) });
    const total = performance.now() - s;
    loop.disable();
    fleetRuns.push({ totalMs: total, modelMs: marks[50] ?? NaN, pdfMs: (marks[85] ?? NaN) - (marks[50] ?? NaN), loopP99Ms: loop.percentile(99) / 1e6 });
  }
  // Peak RSS of one worker and its Chromium; the restart below briefly runs a second pair.
  const peakOneWorker = peakRss;
  // A restarted worker: fits come back from Redis, so its first fleet report is warm too.
  const rt2 = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
  const restarted = performance.now();
  await renderReport({
    deps: rt2.deps,
    request: buildReportRequest({ config, name: 'weekly', trigger: 'adhoc', at: Date.now() }),
    progress: async () => undefined,
  });
  const afterRestartMs = performance.now() - restarted;
  await rt2.close();
  const fleetEntry = (await rt.deps.archive.list()).filter((e) => e.name === 'weekly').pop()!;
  // BENCH_PDF_OUT=path keeps the fleet PDF, to compare page renders before and after a change.
  const fleetPdf = rt.deps.archive.filePath(fleetEntry, 'pdf');
  if (process.env.BENCH_PDF_OUT && fleetPdf) copyFileSync(fleetPdf, process.env.BENCH_PDF_OUT);
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      single_host_daily_pdf_warm_ms_median: round(median(warmPdf)),
      single_host_daily_report_warm_ms_median: round(median(warmReport)),
      adhoc_enqueue_to_mail_ms_p50: round(percentile(warmAdhoc, 50)),
      adhoc_enqueue_to_mail_ms_p95: round(percentile(warmAdhoc, 95)),
      adhoc_runs: warmAdhoc.length,
      fleet_hosts: hosts,
      fleet_weekly_pdf_ms: round(fleetRuns[1]!.pdfMs),
      fleet_weekly_model_ms: round(fleetRuns[1]!.modelMs),
      fleet_weekly_total_ms: round(fleetRuns[1]!.totalMs),
      fleet_weekly_first_run_total_ms: round(fleetRuns[0]!.totalMs),
      fleet_weekly_loop_delay_p99_ms: round(fleetRuns[1]!.loopP99Ms),
      fleet_weekly_first_run_loop_delay_p99_ms: round(fleetRuns[0]!.loopP99Ms),
      fleet_weekly_after_worker_restart_total_ms: round(afterRestartMs),
      fleet_pdf_bytes: fleetEntry.files?.pdf?.bytes ?? null,
      peak_rss_worker_plus_chromium_mb: round(peakOneWorker),
      simulate_sec: round(simulateSec),
      loadavg_1m_start: round(load0 ?? 0),
      loadavg_1m_end: round(loadavg()[0] ?? 0),
    }),
  );
} finally {
  clearInterval(sampler);
  await rt.close();
  await sink.close();
  await cleanupPrefix(prefix);
}
