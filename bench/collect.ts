/**
 * Whole-process cost of the real `checkup agent`, against prometheus-node-exporter in the same run.
 *
 *   npm run bench:collect     (BENCH_WARMUP_S, BENCH_MINUTES, BENCH_INTERVAL_S, BENCH_CHECKUP, BENCH_NODE_OPTIONS, BENCH_PORT)
 *
 * Starts a private redis-server, then `node bin/checkup.js agent` (the compiled agent, built first
 * by setup.sh --for-benches; default config but for Redis and the data dir, BullMQ job schedulers
 * driving collection; NODE_OPTIONS as docker-compose.yml deploys it) and
 * node_exporter, scraped over loopback every interval like Prometheus would. After the warm-up it
 * reads each process's utime+stime (+ reaped children) from /proc/<pid>/stat once a minute.
 * RSS high-water is VmHWM from /proc/<pid>/status; the agent's event-loop p99 comes from its
 * shutdown line (CHECKUP_LOOP_STATS). The last line printed is one JSON object of figures.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { freePort } from '../test/utils/redis-server.js';

const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 60);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 3);
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_S ?? 10);
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const root = new URL('..', import.meta.url).pathname;

/** utime+stime and the reaped children's cutime+cstime of a pid, in ms. */
function cpuMs(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text
    .slice(text.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return [14, 15, 16, 17].reduce((sum, i) => sum + ((f[i - 3] ?? 0) * 1000) / CLK_TCK, 0);
}

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function waitFor(what: string, ok: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await ok()) return;
  throw new Error(`${what} did not come up in ${ms} ms`);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/**
 * The agent runs as it is deployed: with the NODE_OPTIONS the compose file gives its service (V8
 * flags such as the young generation's size, which only the command line or NODE_OPTIONS can set).
 * BENCH_NODE_OPTIONS overrides it, to measure another setting under the same load.
 */
function deployedNodeOptions(): string {
  if (process.env.BENCH_NODE_OPTIONS !== undefined) return process.env.BENCH_NODE_OPTIONS;
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as { services?: { agent?: { environment?: Record<string, unknown> } } };
  const value = compose.services?.agent?.environment?.NODE_OPTIONS;
  return typeof value === 'string' ? value : '';
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const range = (xs: number[]) => [round(Math.min(...xs)), round(Math.max(...xs))];

if (!existsSync(join(root, 'dist/src/cli/main.js'))) throw new Error('bench:collect runs the compiled agent: npm run build first');
const dir = mkdtempSync(join(tmpdir(), 'checkup-bench-collect-'));
// BENCH_PORT: redis-server on it and node_exporter on the next one (a shared machine's own range); else any free ports.
const portBase = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : null;
const redisPort = portBase ?? (await freePort());
const nePort = portBase === null ? await freePort() : portBase + 1;
const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
  stdio: 'ignore',
});
const children: ChildProcess[] = [redis];
let agentLog = '';
try {
  const url = `redis://127.0.0.1:${redisPort}`;
  // Every command the agent sends (node_exporter sends none): what each tick costs Redis.
  const commandsByKind = () =>
    new Map(
      [
        ...execFileSync('redis-cli', ['-u', url, 'info', 'commandstats'])
          .toString()
          .matchAll(/^cmdstat_(\w+):calls=(\d+)/gm),
      ]
        .filter((m) => m[1] !== 'info')
        .map((m) => [m[1] ?? '', Number(m[2])]),
    );
  const commands = () => [...commandsByKind().values()].reduce((x, y) => x + y, 0);
  await waitFor('redis-server', () => {
    try {
      return (
        execFileSync('redis-cli', ['-u', url, 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim() === 'PONG'
      );
    } catch {
      return false;
    }
  });
  const config = join(dir, 'checkup.yml');
  writeFileSync(config, `redis:\n  url: ${url}\n  prefix: bench-agent\ndataDir: ${join(dir, 'data')}\nagent:\n  interval: ${INTERVAL_S}s\n`);
  const nodeOptions = deployedNodeOptions();
  // BENCH_CHECKUP: another build's dist/src/cli/main.js, to compare two builds under the same load.
  const agent = spawn(process.execPath, [process.env.BENCH_CHECKUP ?? join(root, 'bin/checkup.js'), '-c', config, 'agent'], {
    env: { ...process.env, NODE_OPTIONS: nodeOptions, CHECKUP_LOOP_STATS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(agent);
  agent.stdout.on('data', (b: Buffer) => (agentLog += b.toString()));
  agent.stderr.on('data', (b: Buffer) => (agentLog += b.toString()));
  const ne = spawn('prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${nePort}`], { stdio: 'ignore' });
  children.push(ne);
  const neUrl = `http://127.0.0.1:${nePort}/metrics`;
  const scrape = () =>
    fetch(neUrl).then(
      (r) => r.text().then(() => r.ok),
      () => false,
    );
  await waitFor('node_exporter', scrape);
  await waitFor('checkup agent', () => agentLog.includes('"agent started"'), 60_000);
  if (agent.pid === undefined || ne.pid === undefined) throw new Error('no pid');
  const agentPid = agent.pid;
  const nePid = ne.pid;
  // Prometheus's side: one scrape per interval, on its own clock.
  let scrapes = 0;
  const scraper = setInterval(() => void scrape().then((ok) => (scrapes += ok ? 1 : 0)), INTERVAL_S * 1000);
  await sleep(WARMUP_S * 1000);
  const samples: { agent: number; ne: number; redis: number }[] = [];
  const sample = () => samples.push({ agent: cpuMs(agentPid), ne: cpuMs(nePid), redis: redis.pid === undefined ? NaN : cpuMs(redis.pid) });
  const commandsAtStart = commands();
  const byKindAtStart = commandsByKind();
  sample();
  for (let m = 0; m < MINUTES; m++) {
    await sleep(60_000);
    sample();
  }
  clearInterval(scraper);
  const perMin = (k: 'agent' | 'ne' | 'redis') => samples.slice(1).map((s, i) => s[k] - (samples[i]?.[k] ?? 0));
  const total = (k: 'agent' | 'ne' | 'redis') => ((samples.at(-1)?.[k] ?? 0) - (samples[0]?.[k] ?? 0)) / MINUTES;
  const agentHwm = statusMb(agentPid, 'VmHWM');
  const agentRss = statusMb(agentPid, 'VmRSS');
  const neHwm = statusMb(nePid, 'VmHWM');
  agent.kill('SIGTERM');
  await exited(agent);
  const stopped = agentLog
    .split('\n')
    .filter((l) => l.includes('"agent stopped"'))
    .map((l) => JSON.parse(l) as { eventLoopP99Ms: number; eventLoopMaxMs: number })[0];
  const a = total('agent');
  const n = total('ne');
  console.log(
    `checkup agent: ${round(a)} ms CPU/min (minutes ${perMin('agent')
      .map((x) => round(x))
      .join(', ')}), VmHWM ${round(agentHwm, 1)} MB`,
  );
  console.log(
    `node_exporter: ${round(n)} ms CPU/min (minutes ${perMin('ne')
      .map((x) => round(x))
      .join(', ')}), VmHWM ${round(neHwm, 1)} MB, ${scrapes} scrapes`,
  );
  console.log(`redis-server (the agent's writes, not in the ratio): ${round(total('redis'))} ms CPU/min`);
  console.log(
    JSON.stringify({
      ratio: n === 0 ? null : round(a / n, 3),
      agent_cpu_ms_per_min: round(a),
      node_exporter_cpu_ms_per_min: round(n),
      agent_cpu_ms_per_min_range: range(perMin('agent')),
      node_exporter_cpu_ms_per_min_range: range(perMin('ne')),
      redis_cpu_ms_per_min: round(total('redis')),
      agent_rss_hwm_mb: round(agentHwm, 1),
      agent_rss_end_mb: round(agentRss, 1),
      node_exporter_rss_hwm_mb: round(neHwm, 1),
      event_loop_p99_ms: stopped?.eventLoopP99Ms ?? null,
      event_loop_max_ms: stopped?.eventLoopMaxMs ?? null,
      redis_commands_per_min: round((commands() - commandsAtStart) / MINUTES, 1),
      redis_commands_by_kind_per_min: Object.fromEntries(
        [...commandsByKind()].map(([k, v]) => [k, round((v - (byKindAtStart.get(k) ?? 0)) / MINUTES, 1)]).filter(([, v]) => Number(v) > 0),
      ),
      node_exporter_scrapes: scrapes,
      minutes: MINUTES,
      warmup_s: WARMUP_S,
      interval_s: INTERVAL_S,
      agent_node_options: nodeOptions,
      // Other work on the machine during the run: event-loop delay includes time descheduled.
      loadavg_1m: round(Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])),
    }),
  );
} catch (err) {
  console.error(agentLog.slice(-4000));
  throw err;
} finally {
  for (const c of children.reverse()) c.kill('SIGTERM');
  await Promise.all(children.map(exited));
  rmSync(dir, { recursive: true, force: true });
}
