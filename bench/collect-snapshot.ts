/**
 * Cost of collecting, against prometheus-node-exporter on the same machine.
 *
 *   npm run bench:collect     (BENCH_TICKS, BENCH_SPACING_MS, BENCH_SCRAPES to change the run)
 *
 * Phase 1 plays an hour of agent ticks (360 x 10 s, processes every 60 s) with the clock passed
 * to collect(), spaced BENCH_SPACING_MS apart in real time so every tick computes rates. CPU is
 * process.cpuUsage() around each collect (libuv pool threads included) plus children from
 * /proc/self/stat cutime+cstime. Phase 2 collects back to back while monitorEventLoopDelay
 * watches. Phase 3 starts node_exporter on a free port, scrapes it BENCH_SCRAPES times and reads
 * its utime+stime from /proc/<pid>/stat. The last line printed is one JSON object of figures.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCollector } from '../src/collect/index.js';
import { silentLogger } from '../src/shared/logger.js';
import { freePort } from '../test/utils/redis-server.js';

const TICKS = Number(process.env.BENCH_TICKS ?? 360);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 150);
const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 100);
const WARMUP = 12;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** utime, stime, cutime, cstime of a pid, in ms. */
function procTimes(pid: number | 'self'): { self: number; children: number } {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text
    .slice(text.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const ms = (i: number) => ((f[i - 3] ?? 0) * 1000) / CLK_TCK;
  return { self: ms(14) + ms(15), children: ms(16) + ms(17) };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const mean = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

async function checkupPhase() {
  const c = createCollector({ logger: silentLogger(), slowIntervalMs: 60_000 });
  const pidsStart = (await readdir('/proc')).filter((x) => /^\d+$/.test(x)).length;
  const start = Date.now();
  const fast: number[] = [];
  const slow: number[] = [];
  let withRates = 0;
  let rssWarmMb = 0;
  const childrenBefore = procTimes('self').children;
  for (let i = 0; i < TICKS + WARMUP; i++) {
    await sleep(SPACING_MS);
    const before = process.cpuUsage();
    const snap = await c.collect(start + i * 10_000);
    const ms = cpuMs(process.cpuUsage(before));
    if (i === WARMUP - 1) rssWarmMb = process.memoryUsage().rss / 2 ** 20;
    if (i < WARMUP) continue;
    if (snap.cpu) withRates += 1;
    (snap.processes ? slow : fast).push(ms);
  }
  const childrenMs = procTimes('self').children - childrenBefore;
  const ticks = fast.length + slow.length;
  // The default snapshot: five fast ticks and one slow tick per minute, as measured in this run.
  const perTick = (fast.reduce((a, b) => a + b, 0) + slow.reduce((a, b) => a + b, 0) + childrenMs) / ticks;
  return {
    c,
    perTick,
    fast: mean(fast),
    slow: mean(slow),
    slowTicks: slow.length,
    ticks,
    withRates,
    childrenMs,
    pidsStart,
    rssWarmMb,
    rssHourMb: process.memoryUsage().rss / 2 ** 20,
  };
}

async function eventLoopPhase(c: ReturnType<typeof createCollector>) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = Date.now();
  for (let i = 0; i < 120; i++) await c.collect(t0 + 10_000_000 + i * 10_000);
  h.disable();
  return { p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
}

async function nodeExporterPhase(): Promise<{ cpuMs: number; version: string } | { error: string }> {
  const port = await freePort();
  const child = spawn('prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/metrics`;
  try {
    const spawned = await new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', () => resolve(false));
    });
    if (!spawned || child.pid === undefined) return { error: 'prometheus-node-exporter not found' };
    let ready = false;
    for (let i = 0; i < 100 && !ready; i++) {
      ready = await fetch(url).then(
        (r) => r.text().then(() => r.ok),
        () => false,
      );
      if (!ready) await sleep(100);
    }
    if (!ready) return { error: 'node_exporter did not answer' };
    for (let i = 0; i < 3; i++) await (await fetch(url)).text();
    const before = procTimes(child.pid).self;
    let version = '';
    for (let i = 0; i < SCRAPES; i++) {
      const text = await (await fetch(url)).text();
      version ||= /node_exporter_build_info\{[^}]*version="([^"]+)"/.exec(text)?.[1] ?? '';
    }
    return { cpuMs: (procTimes(child.pid).self - before) / SCRAPES, version };
  } finally {
    child.kill('SIGTERM');
  }
}

// Node + tsx + imports, before the collector has run: what the agent's own baseline adds to.
const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
const checkup = await checkupPhase();
const loop = await eventLoopPhase(checkup.c);
const ne = await nodeExporterPhase();
const neMs = 'cpuMs' in ne ? ne.cpuMs : null;

await checkup.c.close();
console.log(`checkup: ${checkup.ticks} ticks (${checkup.slowTicks} slow, ${checkup.withRates} with rates)`);
console.log(`  fast tick ${checkup.fast.toFixed(2)} ms, slow tick ${checkup.slow.toFixed(2)} ms, default (amortised) ${checkup.perTick.toFixed(2)} ms CPU`);
console.log(`  event loop p99 ${loop.p99.toFixed(2)} ms, max ${loop.max.toFixed(2)} ms while collecting back to back`);
console.log('cpuMs' in ne ? `node_exporter ${ne.version}: ${ne.cpuMs.toFixed(2)} ms CPU per scrape over ${SCRAPES} scrapes` : `node_exporter: ${ne.error}`);
console.log(
  JSON.stringify({
    checkup_cpu_ms: round(checkup.perTick),
    node_exporter_cpu_ms: neMs === null ? null : round(neMs),
    ratio: neMs === null || neMs === 0 ? null : round(checkup.perTick / neMs),
    checkup_fast_tick_cpu_ms: round(checkup.fast),
    checkup_slow_tick_cpu_ms: round(checkup.slow),
    checkup_children_cpu_ms: round(checkup.childrenMs),
    event_loop_p99_ms: round(loop.p99),
    event_loop_max_ms: round(loop.max),
    // After the simulated hour; the bench process carries tsx (~35 MB over plain node).
    agent_rss_mb: round(checkup.rssHourMb, 1),
    rss_before_collecting_mb: round(rssBeforeMb, 1),
    rss_growth_over_hour_mb: round(checkup.rssHourMb - checkup.rssWarmMb, 1),
    bench_rss_end_mb: round(process.memoryUsage().rss / 2 ** 20, 1),
    heap_used_mb: round(process.memoryUsage().heapUsed / 2 ** 20, 1),
    ticks: checkup.ticks,
    slow_ticks: checkup.slowTicks,
    ticks_with_rates: checkup.withRates,
    pids: checkup.pidsStart,
    node_exporter_scrapes: SCRAPES,
    clk_tck: CLK_TCK,
    // Other work on the machine during the run: event-loop delay includes time descheduled.
    loadavg_1m: round(Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]), 2),
  }),
);
