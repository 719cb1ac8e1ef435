/**
 * What reading logs adds to the agent: the whole compiled agent process (`npm run build`, then
 * `node bin/checkup.js agent`) with a syslog file source while a writer appends 1,000 realistic
 * lines/s to it, against the same agent with `logs.enabled: false`, both running at once against
 * one private redis-server.
 *
 *   npm run bench:log-agent     (BENCH_SECONDS (180), BENCH_RATE (1000), BENCH_WARMUP_MS (30000),
 *                                BENCH_SAMPLE_MS (5000), BENCH_NO_BUILD=1 to reuse dist/)
 *
 * CPU of each agent is utime+stime from /proc/<pid>/stat (all its threads) over the measured window,
 * and the scheduler's runtime from /proc/<pid>/task/<tid>/schedstat; the extra CPU is the difference
 * as a share of one core. RSS (VmRSS) is sampled every BENCH_SAMPLE_MS: first, last and max, plus a
 * sample per minute, to show whether it is flat. The lines are the LogHub sets' messages behind a
 * syslog header (bench/log-agent-writer.ts). The store's count is checked against the lines written.
 * The last line printed is one JSON object of figures.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMs, runtimeMs } from './proc-cpu.js';
import { Redis } from 'ioredis';
import { createRedisLogRepo } from '../src/logs/store/index.js';
import { startTestRedisServer } from '../test/utils/redis-server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 180);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 30_000);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 5000);
const DAY = 86_400_000;

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

type Proc = { pid: number; out: () => string; exited: Promise<number | null>; kill: (s?: NodeJS.Signals) => void };

function start(cmd: string, args: string[]): Proc {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 1_000_000) out = out.slice(-200_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { pid: child.pid!, out: () => out, exited: new Promise((r) => child.once('exit', (c) => r(c))), kill: (s = 'SIGTERM') => void child.kill(s) };
}

async function waitFor(p: Proc, text: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!p.out().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" from pid ${p.pid}: ${p.out().slice(-2000)}`);
    await sleep(50);
  }
}

if (process.env.BENCH_NO_BUILD !== '1') execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });

const dir = mkdtempSync(join(tmpdir(), 'checkup-bench-log-agent-'));
const syslog = join(dir, 'syslog');
writeFileSync(syslog, '');
const server = await startTestRedisServer(dir, { persist: false });
const prefix = 'bench-log-agent';
const procs: Proc[] = [];

function agent(name: string, logs: object): Proc {
  const config = join(dir, `${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({ dataDir: join(dir, name), host: { id: name }, log: { level: 'warn' }, redis: { url: server.url, prefix, embedded: false }, logs }),
  );
  const p = start(process.execPath, ['bin/checkup.js', '--config', config, 'agent']);
  procs.push(p);
  return p;
}

try {
  const withLogs = agent('with-logs', { journal: { enabled: false }, files: [{ name: 'syslog', paths: [syslog], format: 'syslog', startAt: 'beginning' }] });
  const without = agent('without-logs', { enabled: false });
  const redis = new Redis(server.url);
  // Ready when each has registered its host (the fleet set), i.e. its first tick went through.
  for (let i = 0; (await redis.scard(`${prefix}:fleet`)) < 2; i++) {
    if (i > 1200) throw new Error(`agents did not start: ${withLogs.out().slice(-2000)} ${without.out().slice(-2000)}`);
    await sleep(100);
  }
  const writer = start(process.execPath, ['--import', 'tsx', 'bench/log-agent-writer.ts', syslog, String(RATE), String((WARMUP_MS + SECONDS * 1000) / 1000)]);
  procs.push(writer);
  await waitFor(writer, 'started');
  await sleep(WARMUP_MS);
  const measured = [withLogs, without];
  const cpu0 = measured.map((p) => cpuMs(p.pid));
  const run0 = measured.map((p) => runtimeMs(p.pid));
  const samples: number[][] = [[], []];
  const t0 = Date.now();
  while (Date.now() - t0 < SECONDS * 1000) {
    measured.forEach((p, i) => samples[i]!.push(round(rssMb(p.pid))));
    await sleep(SAMPLE_MS);
  }
  const wallMs = Date.now() - t0;
  const cpu = measured.map((p, i) => cpuMs(p.pid) - cpu0[i]!);
  const run = measured.map((p, i) => runtimeMs(p.pid) - run0[i]!);
  measured.forEach((p, i) => samples[i]!.push(round(rssMb(p.pid))));
  await waitFor(writer, 'done', 60_000);
  const written = Number(/done (\d+)/.exec(writer.out())?.[1] ?? NaN);
  // Two logs intervals for the last lines, then the store must hold every line written, once.
  const repo = createRedisLogRepo({ redis, prefix, retention: { rawMs: DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY } });
  let stored = -1;
  for (let i = 0; i < 60 && stored !== written; i++) {
    await sleep(1000);
    const t = await repo.templates({ host: 'with-logs', from: Date.now() - DAY, to: Date.now() + DAY });
    stored = t.reduce((a, x) => a + x.count, 0);
  }
  const templates = (await repo.templates({ host: 'with-logs', from: Date.now() - DAY, to: Date.now() + DAY })).length;
  redis.disconnect();
  const perMinute = (i: number) => samples[i]!.filter((_, k) => k % Math.max(1, Math.round(60_000 / SAMPLE_MS)) === 0);
  const figure = (i: number) => ({
    cpuPercentOfOneCore: round((cpu[i]! / wallMs) * 100, 2),
    schedPercentOfOneCore: round((run[i]! / wallMs) * 100, 2),
    rssFirstMb: samples[i]![0]!,
    rssLastMb: samples[i]!.at(-1)!,
    rssMaxMb: Math.max(...samples[i]!),
    rssPerMinuteMb: perMinute(i),
  });
  const figures = {
    bench: 'log-agent',
    linesPerSecond: RATE,
    seconds: SECONDS,
    warmupMs: WARMUP_MS,
    wallMs,
    linesWritten: written,
    linesStored: stored,
    templates,
    withLogs: figure(0),
    withoutLogs: figure(1),
    extraCpuPercentOfOneCore: round(((cpu[0]! - cpu[1]!) / wallMs) * 100, 2),
    extraSchedPercentOfOneCore: round(((run[0]! - run[1]!) / wallMs) * 100, 2),
    note: 'compiled agents (bin/checkup.js) side by side on a shared 2-core machine; CPU from /proc/<pid>/stat utime+stime, sched from task schedstat',
  };
  if (stored !== written) throw new Error(`the store counted ${stored} lines of ${written} written: ${JSON.stringify(figures)}`);
  const f = figures;
  console.log(
    `agent with logs on ${RATE} lines/s: ${f.withLogs.cpuPercentOfOneCore}% of one core (sched ${f.withLogs.schedPercentOfOneCore}%), RSS ${f.withLogs.rssFirstMb} -> ${f.withLogs.rssLastMb} MB (max ${f.withLogs.rssMaxMb})`,
  );
  console.log(
    `agent without logs: ${f.withoutLogs.cpuPercentOfOneCore}% (sched ${f.withoutLogs.schedPercentOfOneCore}%), RSS ${f.withoutLogs.rssFirstMb} -> ${f.withoutLogs.rssLastMb} MB; extra CPU ${f.extraCpuPercentOfOneCore}% of one core`,
  );
  console.log(JSON.stringify(figures));
} finally {
  for (const p of procs) p.kill('SIGKILL');
  await server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
