/**
 * Probe latency with ten checks in one tick, against curl's own timing of the same endpoints.
 *
 *   npm run bench:checks      (BENCH_TICKS to change the run, default 30)
 *
 * One HTTP and one TCP check against loopback servers in a child process, beside four process
 * checks (full command lines, so every /proc/<pid>/cmdline is read), two systemd checks and two
 * command checks: the tick of issue #11.4. Each tick runs every check (the clock is moved an
 * interval per tick), first with the timed probes in the agent's own event loop as before, then
 * on the probe thread. curl measures the same endpoints between ticks. The last line printed is
 * one JSON object of figures (ms).
 */
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createProbeThread, type ProbeThread } from '../src/checks/probes/probe-thread-client.js';
import { runTimedProbe } from '../src/checks/probes/timed-probes.js';
import { runHostChecks, type ChecksDeps } from '../src/checks/run-host-checks.js';
import { ZChecksConfig } from '../src/config/checks-schema.js';
import { createHostRepo } from '../src/fleet/host-repo.js';
import { createRedis } from '../src/queue/redis-connection.js';
import { createCheckStore } from '../src/checks/check-store.js';
import { silentLogger } from '../src/shared/logger.js';

const TICKS = Number(process.env.BENCH_TICKS ?? 30);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { median: q(0.5), p90: q(0.9), max: s[s.length - 1] ?? NaN };
};

function curl(url: string): { connectMs: number; totalMs: number } {
  const [c = NaN, t = NaN] = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{time_connect} %{time_total}', url])
    .toString()
    .trim()
    .split(' ')
    .map(Number);
  return { connectMs: c * 1000, totalMs: t * 1000 };
}

const servers = spawn(process.execPath, [resolve('test/fixtures/checks/loopback-servers.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const first = await createInterface({ input: servers.stdout })[Symbol.asyncIterator]().next();
const ports = JSON.parse(String(first.value)) as { http: number; tcp: number };
const url = `http://127.0.0.1:${ports.http}/`;
const checks = ZChecksConfig.parse([
  { name: 'web', kind: 'http', url, interval: '1m' },
  { name: 'db', kind: 'tcp', host: '127.0.0.1', port: ports.tcp, interval: '1m' },
  ...['node', 'redis', 'chrom', 'sshd'].map((re, i) => ({ name: `proc-${i}`, kind: 'process', regex: re, fullCommand: true, min: 0, interval: '1m' })),
  ...['nginx.service', 'cron.service'].map((unit, i) => ({ name: `unit-${i}`, kind: 'systemd', unit, interval: '1m' })),
  ...[0, 1].map((i) => ({ name: `cmd-${i}`, kind: 'command', command: ['sh', '-c', 'ls /usr/bin | wc -l'], interval: '1m' })),
]);
const redis = createRedis(REDIS_URL);
const prefix = `checkup-bench-checks-${process.pid}`;

async function run(mode: string, thread: ProbeThread) {
  const deps: ChecksDeps = {
    config: { hostId: `bench-${mode}`, host: { tags: [] }, checks, paths: { data: mkdtempSync(join(tmpdir(), 'checkup-checks-data-')) } },
    checkStore: createCheckStore({ redis, prefix }),
    hosts: createHostRepo({ redis, prefix }),
    store: null,
    log: silentLogger(),
    probeThread: thread,
  };
  const http: number[] = [];
  const tcp: number[] = [];
  const base = Date.now();
  for (let i = 0; i < TICKS; i++) {
    const out = await runHostChecks({ deps, now: () => base + i * 60_000 + (Date.now() - base) });
    for (const r of out.results) {
      if (r.check === 'web' && r.latencyMs !== null) http.push(r.latencyMs);
      if (r.check === 'db' && r.latencyMs !== null) tcp.push(r.latencyMs);
    }
  }
  return { http: stats(http), tcp: stats(tcp) };
}

try {
  const inLoop = await run('in-loop', { run: runTimedProbe, warm: () => undefined, close: async () => undefined });
  const thread = createProbeThread();
  const onThread = await run('thread', thread);
  await thread.close();
  const truth = Array.from({ length: TICKS }, () => curl(url));
  const figures = {
    ticks: TICKS,
    checksPerTick: checks.length,
    curl: { http: stats(truth.map((t) => t.totalMs)), tcpConnect: stats(truth.map((t) => t.connectMs)) },
    inAgentLoop: inLoop,
    probeThread: onThread,
  };
  console.log(JSON.stringify(figures));
} finally {
  servers.kill('SIGTERM');
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}
