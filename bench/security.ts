/**
 * Security signals: how fast an auth log is scanned, and what a ports + files snapshot costs.
 *
 *   npm run bench:security      (BENCH_LINES, default 1000000; BENCH_SNAPSHOTS, default 60)
 *
 * Scan: LogHub's OpenSSH set (2,000 lines of real attack traffic) repeated and perturbed (each
 * copy gets its own sshd pids and shifted IPv4 addresses, so connections and sources stay
 * distinct) to BENCH_LINES lines, written to a file, then `scanAuthFile` (read, syslog header
 * parse, recognise, count) as `checkup security scan` runs it, wall and CPU time, beside the CPU of
 * reading the same file and doing nothing with its lines. (A pass with the header parse alone is
 * not shown: with its result unused, V8 optimises away much of its cost, so the difference between
 * passes misattributes it; `node --cpu-prof` on the scan splits it properly.) Target: ≤ 2 s for 1M lines.
 *
 * Snapshot: a child process holds 400 TCP and 100 UDP listeners (500 sockets beside the host's
 * own), and 50 watched files of 1–8 KiB; the CPU time (process.cpuUsage, user + system) of one
 * ports snapshot plus one files snapshot, as the agent takes them: median over BENCH_SNAPSHOTS
 * (the re-check path, with its periodic full /proc walk and full rehash included in the runs), the
 * first (cold: full walk, every file hashed) and a full /proc walk every time. Target: ≤ 20 ms.
 * The last line printed is one JSON object of figures.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { syslogParser } from '../src/logs/parse/index.js';
import { readLines } from '../src/security/auth/read-lines.js';
import { scanAuthFile } from '../src/security/auth/scan-auth-log.js';
import { filesSnapshotter } from '../src/security/files/files-snapshot.js';
import { portsSnapshotter } from '../src/security/ports/ports-snapshot.js';
import { loadLoghubSet } from '../test/utils/loghub.js';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 60);
const dir = mkdtempSync(join(tmpdir(), 'checkup-bench-security-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function perturbedLines(n: number): string[] {
  const base = loadLoghubSet('OpenSSH').lines;
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const copy = Math.floor(i / base.length);
    out[i] = base[i % base.length]!.replace(/sshd\[(\d+)\]/, (_m, pid: string) => `sshd[${Number(pid) + copy * 20_000}]`).replace(
      /\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g,
      (_m, a: string, b: string, c: string, d: string) => `${a}.${b}.${(Number(c) + copy) % 256}.${d}`,
    );
  }
  return out;
}

async function writeLines(path: string, lines: string[]): Promise<void> {
  const ws = createWriteStream(path);
  for (let i = 0; i < lines.length; i += 10_000) ws.write(`${lines.slice(i, i + 10_000).join('\n')}\n`);
  await new Promise<void>((resolve, reject) => ws.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

const cpuSeconds = async (fn: () => Promise<unknown>): Promise<number> => {
  const c = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1e6;
};

async function benchScan() {
  const lines = perturbedLines(LINES);
  const file = join(dir, 'auth.log');
  await writeLines(file, lines);
  lines.length = 0;
  const { parse } = syslogParser({ referenceTime: Date.UTC(2026, 11, 31), timeZone: 'UTC' });
  // Reading alone (the floor any scan of this file pays), then the scan.
  const readCpu = await cpuSeconds(() => readLines(file, () => undefined));
  const t = process.hrtime.bigint();
  let scan: Awaited<ReturnType<typeof scanAuthFile>> | undefined;
  const scanCpu = await cpuSeconds(async () => {
    scan = await scanAuthFile(file, { parse, keepEvents: false });
  });
  const fileSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  rmSync(file);
  return {
    lines: scan!.lines,
    fileSeconds: round(fileSeconds),
    fileCpuSeconds: round(scanCpu),
    linesPerSecond: Math.round(scan!.lines / fileSeconds),
    readOnlyCpuSeconds: round(readCpu),
    failedLogins: scan!.summary.failedLogins.total,
    sources: scan!.summary.failedLogins.bySource.length,
  };
}

async function holdSockets(tcp: number, udp: number) {
  const code = `
    const net = require('node:net'), dgram = require('node:dgram');
    let left = ${tcp + udp};
    const done = () => { if (--left === 0) process.stdout.write('ready\\n'); };
    for (let i = 0; i < ${tcp}; i++) net.createServer().listen(0, '127.0.0.1', done);
    for (let i = 0; i < ${udp}; i++) dgram.createSocket('udp4').bind(0, '127.0.0.1', done);`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  return child;
}

function cpuMs(fn: () => void): number {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}

async function benchSnapshot() {
  const child = await holdSockets(400, 100);
  try {
    const files: string[] = [];
    for (let i = 0; i < 50; i++) {
      const f = join(dir, `watched-${i}.conf`);
      writeFileSync(f, `# file ${i}\n${'key = value\n'.repeat(80 + ((i * 37) % 600))}`);
      files.push(f);
    }
    const spec = { paths: files, homeFiles: [], maxFiles: 1000, maxFileBytes: 16 * 1024 * 1024 };
    const ports = portsSnapshotter();
    const watched = filesSnapshotter(spec);
    let sockets = 0;
    let fileCount = 0;
    const runs: number[] = [];
    for (let i = 0; i < SNAPSHOTS; i++) {
      runs.push(
        cpuMs(() => {
          sockets = ports.snapshot().sockets.length;
          fileCount = watched.snapshot().files.length;
        }),
      );
    }
    const fullWalk = portsSnapshotter({ fullScanEvery: 1 });
    const fullRuns: number[] = [];
    for (let i = 0; i < 10; i++) fullRuns.push(cpuMs(() => fullWalk.snapshot()));
    const processes = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length;
    return {
      sockets,
      files: fileCount,
      processes,
      runs: runs.length,
      cpuMsMedian: round(median(runs), 2),
      cpuMsCold: round(runs[0]!, 2),
      cpuMsMax: round(Math.max(...runs), 2),
      portsFullWalkCpuMsMedian: round(median(fullRuns), 2),
    };
  } finally {
    child.kill('SIGTERM');
  }
}

try {
  const scan = await benchScan();
  console.log(
    `scan: ${scan.lines} lines in ${scan.fileSeconds} s (${scan.linesPerSecond} lines/s), ${scan.fileCpuSeconds} s CPU (reading the file alone: ${scan.readOnlyCpuSeconds} s CPU); ${scan.failedLogins} failed logins`,
  );
  const snapshot = await benchSnapshot();
  console.log(
    `snapshot: ${snapshot.sockets} sockets + ${snapshot.files} files: median ${snapshot.cpuMsMedian} ms CPU (cold ${snapshot.cpuMsCold} ms; full /proc walk ${snapshot.portsFullWalkCpuMsMedian} ms)`,
  );
  console.log(JSON.stringify({ bench: 'security', scan, snapshot, targets: { scanSeconds: 2, snapshotCpuMs: 20 } }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
