/**
 * What reading logs costs: the file tailer in its own process while a writer appends 1,000
 * lines/s to one file for 60 s.
 *
 *   npm run bench:log-tail     (BENCH_SECONDS, BENCH_RATE, BENCH_INTERVAL_MS, BENCH_WARMUP_MS to change the run)
 *
 * Three processes read at once, each measured from /proc/<pid>/stat (utime+stime) and
 * /proc/<pid>/status (VmRSS): the tailer on the busy file (test/utils/log-tail-process.ts, with the
 * default logs.interval of 2 s and its positions committed to disk each batch); the same tailer on
 * a file nobody writes (its fixed cost: node, polling, no lines); and coreutils `tail -F` on the
 * busy file, as a peer (inotify, no parsing, no positions). The writer is a fourth process and is
 * not counted. The tailer's delivered line count is checked against what was written. The tailer's
 * RSS includes node and tsx's loader (the agent will run compiled JS).
 * Measuring starts BENCH_WARMUP_MS (30 s) after the readers are up: node's first major GC after
 * start-up (RSS drops ~9 MB some 20 s in) is start-up cost, not reading cost.
 * CPU is given twice: utime+stime from /proc/<pid>/stat, which the kernel charges in whole clock
 * ticks (10 ms) to whoever runs when a tick fires, so a process that wakes for ~1 ms every 2 s is
 * over- or under-charged; and the scheduler's exact runtime, summed over the process's threads
 * (/proc/<pid>/task/<tid>/schedstat, first field, ns).
 * The last line printed is one JSON object of figures.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMs, runtimeMs } from './proc-cpu.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 2000);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 30_000);
const COUNT = SECONDS * RATE;

const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

type Proc = { pid: number; out: () => string; exited: Promise<number | null>; kill: (s?: NodeJS.Signals) => void };

function start(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, quiet = false): Proc {
  const child = spawn(cmd, args, { stdio: ['ignore', quiet ? 'ignore' : 'pipe', 'pipe'], env });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { pid: child.pid!, out: () => out, exited: new Promise((r) => child.once('exit', (c) => r(c))), kill: (s = 'SIGTERM') => void child.kill(s) };
}

async function waitFor(p: Proc, text: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!p.out().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" from pid ${p.pid}: ${p.out().slice(-1000)}`);
    await sleep(20);
  }
}

function tailer(dir: string, file: string, id: string): Proc {
  const cfg = {
    id,
    paths: [file],
    positions: join(dir, 'positions'),
    interval: INTERVAL_MS,
    maxLineBytes: 64 * 1024,
    readBytesPerTick: 4 * 1024 * 1024,
    rotateWait: 10_000,
    startAt: 'beginning',
  };
  return start(process.execPath, ['--import', 'tsx', 'test/utils/log-tail-process.ts'], { ...process.env, CHECKUP_TAIL: JSON.stringify(cfg) });
}

const dir = mkdtempSync(join(tmpdir(), 'checkup-bench-tail-'));
const busy = join(dir, 'busy.log');
const idle = join(dir, 'idle.log');
writeFileSync(busy, '');
writeFileSync(idle, 'one line\n');
const procs: Proc[] = [];
try {
  const reader = tailer(dir, busy, 'busy');
  const idler = tailer(dir, idle, 'idle');
  // Its output goes to /dev/null, so the bench does not pay for a pipe the tailer does not have.
  const tailF = start('tail', ['-F', '-n', '0', busy], process.env, true);
  procs.push(reader, idler, tailF);
  await Promise.all([waitFor(reader, 'ready'), waitFor(idler, 'ready')]);
  await sleep(WARMUP_MS);
  const measured = [reader, idler, tailF];
  const cpu0 = measured.map((p) => cpuMs(p.pid));
  const run0 = measured.map((p) => runtimeMs(p.pid));
  const rss0 = measured.map((p) => rssKb(p.pid));
  const rssMax = [...rss0];
  const t0 = Date.now();
  // ~110-byte numbered lines, as one O_APPEND write each.
  const writer = start(process.execPath, ['--import', 'tsx', 'test/utils/log-writer-process.ts', busy, String(RATE), String(COUNT), '100']);
  procs.push(writer);
  while (!writer.out().includes('done')) {
    await sleep(1000);
    measured.forEach((p, i) => (rssMax[i] = Math.max(rssMax[i]!, rssKb(p.pid))));
  }
  // One more interval, so the last lines are read, then the cost over the whole window.
  await sleep(INTERVAL_MS + 500);
  const wallMs = Date.now() - t0;
  const cpu = measured.map((p, i) => cpuMs(p.pid) - cpu0[i]!);
  const run = measured.map((p, i) => runtimeMs(p.pid) - run0[i]!);
  const rss1 = measured.map((p) => rssKb(p.pid));
  reader.kill();
  await reader.exited;
  const delivered = (JSON.parse(reader.out().trim().split('\n').at(-1) ?? '{}') as { lines?: number }).lines ?? -1;
  if (delivered !== COUNT) throw new Error(`the tailer delivered ${delivered} lines of ${COUNT} written`);
  const perMinute = (ms: number) => round((ms * 60_000) / wallMs);
  const figure = (i: number) => ({
    cpuMsPerMinute: perMinute(cpu[i]!),
    cpuPercentOfOneCore: round((cpu[i]! / wallMs) * 100, 2),
    schedRuntimeMsPerMinute: perMinute(run[i]!),
    rssStartKb: rss0[i]!,
    rssEndKb: rss1[i]!,
    rssMaxKb: rssMax[i]!,
  });
  const figures = {
    bench: 'log-tail',
    linesPerSecond: RATE,
    seconds: SECONDS,
    wallMs,
    warmupMs: WARMUP_MS,
    intervalMs: INTERVAL_MS,
    linesDelivered: delivered,
    tailer: figure(0),
    idleTailer: figure(1),
    tailF: figure(2),
    readingShareCpuMsPerMinute: perMinute(cpu[0]! - cpu[1]!),
    note: 'shared, busy 2-core machine; cpuMsPerMinute from /proc/<pid>/stat utime+stime (10 ms ticks), schedRuntimeMsPerMinute from task schedstat (ns)',
  };
  const f = figures;
  console.log(
    `tailer on ${RATE} lines/s: ${f.tailer.cpuMsPerMinute} CPU ms per minute (${f.tailer.cpuPercentOfOneCore}% of one core; scheduler ${f.tailer.schedRuntimeMsPerMinute}), RSS ${f.tailer.rssStartKb} -> ${f.tailer.rssEndKb} KB`,
  );
  console.log(
    `idle tailer: ${f.idleTailer.cpuMsPerMinute} (scheduler ${f.idleTailer.schedRuntimeMsPerMinute}); tail -F: ${f.tailF.cpuMsPerMinute} (scheduler ${f.tailF.schedRuntimeMsPerMinute}) CPU ms per minute`,
  );
  console.log(JSON.stringify(figures));
} finally {
  for (const p of procs) p.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
