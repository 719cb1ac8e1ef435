/**
 * Scale-out bench (issue 16): `npm run bench:scale`. Starts its own redis-servers on loopback
 * ports 7121-7146 (a standalone one, a three-master Cluster, and a three-master three-replica
 * Cluster), stops them by their pids at the end, and prints one JSON object on the last line.
 *
 * - Ingest: live agent snapshots (49 generated series each, one append per snapshot) from W writer processes
 *   (bench/scale-writer.ts) into one Redis and into the three-master Cluster, in the same run,
 *   alternating. With the servers' and writers' CPU, read from /proc, so the ceiling is named.
 * - Failover: the real agent loop (collector, spool, the agent writer's client options) sampling
 *   every 500 ms on the six-node Cluster; the master of its host's slot SIGKILLed, and later a
 *   manual CLUSTER FAILOVER. Samples taken against samples stored, time to the first write after.
 * - Memory: one simulated day (10 s samples) of the generated hosts' series set on the
 *   three-master Cluster, compacted into the tiers, measured by MEMORY USAGE per key and by
 *   INFO memory (used_memory) on every master.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { createAgentLoop } from '../src/agent/agent-loop.js';
import { createSpool } from '../src/agent/spool.js';
import { agentWriterOptions } from '../src/app/agent-role.js';
import { createCollector } from '../src/collect/index.js';
import { createHostRepo } from '../src/fleet/host-repo.js';
import { createRedis, type RedisTarget } from '../src/queue/redis-connection.js';
import { silentLogger } from '../src/shared/logger.js';
import { createRedisSeriesStore, hostKeys, type RedisSeriesStore } from '../src/store/index.js';
import type { Point } from '../src/store/types.js';
import { generateHost } from '../test/utils/realistic-metrics.js';
import { startTestCluster, type TestCluster } from '../test/utils/redis-cluster.js';
import { startTestRedisServer, type TestRedisServer } from '../test/utils/redis-server.js';
import { cpuMs } from './proc-cpu.js';

const DAY = 86_400_000;
const PREFIX = 'checkup-bench-scale';
const INGEST_SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 8);
const WRITERS = (process.env.BENCH_SCALE_WRITERS ?? '1,3').split(',').map(Number);
const HOSTS_PER_WRITER = 8;
const log = (msg: string) => console.error(`[bench:scale] ${msg}`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Servers = { target: RedisTarget; pids: () => number[]; flush(): Promise<void> };

async function flushAll(ports: number[]): Promise<void> {
  for (const port of ports) {
    const c = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    await c.flushall();
    c.disconnect();
  }
}

function single(s: TestRedisServer): Servers {
  return { target: { kind: 'standalone', url: s.url }, pids: () => [s.pid()!], flush: () => flushAll([s.port]) };
}

function clusterServers(c: TestCluster): Servers {
  return {
    target: c.target,
    pids: () => c.servers.map((s) => s.pid()).filter((p): p is number => p !== null),
    flush: async () => flushAll((await c.masters()).map((m) => m.port)),
  };
}

/** W writer processes, each HOSTS_PER_WRITER hosts, started together; samples per second overall. */
async function ingest(s: Servers, writers: number, tag: string): Promise<Record<string, number>> {
  await s.flush();
  const children: ChildProcess[] = [];
  const results: Array<Promise<{ samples: number; calls: number; errors: number; cpuMs: number }>> = [];
  const ready: Array<Promise<void>> = [];
  for (let w = 0; w < writers; w++) {
    const hosts = Array.from({ length: HOSTS_PER_WRITER }, (_, i) => `${tag}-w${w}-h${i}`);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/scale-writer.ts', JSON.stringify({ target: s.target, prefix: PREFIX, hosts, seconds: INGEST_SECONDS, seed: 11 + w })],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    children.push(child);
    const lines = createInterface({ input: child.stdout! });
    let gotReady: () => void = () => undefined;
    ready.push(new Promise<void>((r) => (gotReady = r)));
    results.push(
      new Promise((resolve, reject) => {
        lines.on('line', (l) => {
          if (l === 'ready') gotReady();
          else if (l.startsWith('{')) resolve(JSON.parse(l) as never);
        });
        child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`writer exited ${code}`))));
      }),
    );
  }
  await Promise.all(ready);
  const startAt = Date.now() + 500;
  for (const c of children) c.stdin!.write(`${startAt}\n`);
  await sleep(startAt - Date.now());
  const pids = s.pids();
  const server0 = pids.reduce((a, p) => a + cpuMs(p), 0);
  const t0 = performance.now();
  await sleep(INGEST_SECONDS * 1000);
  const server1 = pids.reduce((a, p) => a + cpuMs(p), 0);
  const wallMs = performance.now() - t0;
  const out = await Promise.all(results);
  const samples = out.reduce((a, r) => a + r.samples, 0);
  const writerCpu = out.reduce((a, r) => a + r.cpuMs, 0);
  return {
    samples_per_sec: Math.round(samples / INGEST_SECONDS),
    errors: out.reduce((a, r) => a + r.errors, 0),
    server_cores: round((server1 - server0) / wallMs),
    writer_cores: round(writerCpu / wallMs),
    server_cpu_us_per_sample: round(((server1 - server0) * 1000) / samples, 3),
  };
}

type FailoverResult = {
  takenSamples: number;
  storedOfTaken: number;
  lost: number;
  lostAcknowledged: number;
  lostAtMs: string;
  spooled: number;
  firstWriteAfterMs: number | null;
  promotedAfterMs: number;
};

/**
 * The real agent loop every 500 ms through the agent writer's client on the six-node Cluster; at
 * `disrupt` the master of the host's slot goes (SIGKILL, or a manual failover to its replica).
 * Every snapshot the loop took is either appended or spooled; at the end the spool is flushed and
 * each taken sample time is looked up in the store.
 */
async function failover(c: TestCluster, how: 'sigkill' | 'manual', host: string): Promise<FailoverResult> {
  const interval = 500;
  const spoolDir = mkdtempSync(join(tmpdir(), 'checkup-bench-spool-'));
  const writer = createRedis(c.target, agentWriterOptions(interval));
  writer.on('error', () => undefined);
  const reader = createRedis(c.target, { name: 'bench-reader' });
  reader.on('error', () => undefined);
  const retention = { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY };
  const realStore = createRedisSeriesStore({ redis: writer, prefix: PREFIX, retention });
  const appended = new Set<number>();
  const spooledT = new Set<number>();
  let disruptedAt = Infinity;
  let firstWriteAfter: number | null = null;
  const spool = createSpool({ dir: spoolDir, maxBytes: 64 * 1024 * 1024, log: silentLogger() });
  const collector = createCollector({ logger: silentLogger(), host, slowIntervalMs: 60_000 });
  const loop = createAgentLoop({
    collector,
    store: {
      ...realStore,
      async append(h, points) {
        await realStore.append(h, points);
        const t = points[0]?.t;
        if (t !== undefined) appended.add(t);
        if (firstWriteAfter === null && Date.now() > disruptedAt) firstWriteAfter = Date.now() - disruptedAt;
      },
    },
    hosts: createHostRepo({ redis: writer, prefix: PREFIX }),
    spool: {
      ...spool,
      async write(s) {
        spooledT.add(s.t);
        await spool.write(s);
      },
    },
    intervalMs: interval,
    log: silentLogger(),
    onWriteError: () => undefined,
    redisUp: () => writer.status === 'ready',
  });
  loop.start();
  await sleep(4_000);
  const victim = await c.masterOf(hostKeys(PREFIX, host).state);
  const replica = (await c.topology()).find((n) => n.masterId === victim.id);
  if (!replica) throw new Error(`no replica of ${victim.port}`);
  disruptedAt = Date.now();
  if (how === 'sigkill') await c.server(victim.port).kill('SIGKILL');
  else await c.cli(replica.port, 'cluster', 'failover');
  let promotedAfterMs = NaN;
  for (let i = 0; i < 600; i++) {
    const m = await c.masterOf(hostKeys(PREFIX, host).state).catch(() => null);
    if (m?.port === replica.port) {
      promotedAfterMs = Date.now() - disruptedAt;
      break;
    }
    await sleep(50);
  }
  for (let i = 0; i < 600 && firstWriteAfter === null; i++) await sleep(50);
  await sleep(4_000);
  loop.stop();
  // One more tick flushes what is left in the spool before its own live write.
  await loop.tick('timer');
  await collector.close();
  const taken = new Set([...appended, ...spooledT]);
  const store = createRedisSeriesStore({ redis: reader, prefix: PREFIX, retention });
  const [series] = await store.range({ host, metric: 'mem.used_pct', from: Math.min(...taken) - 1, to: Math.max(...taken) + 1, step: 1 });
  const stored = new Set((series?.points ?? []).filter((p) => p.count > 0).map((p) => p.t));
  const storedOfTaken = [...taken].filter((t) => stored.has(t)).length;
  // A lost sample whose append had been acknowledged went with the master before it reached the
  // replica (replication is asynchronous); one only ever spooled was lost on the way back.
  const lostAcknowledged = [...appended].filter((t) => !stored.has(t)).length;
  // When, relative to the disruption, each lost sample was taken: the first clue to why.
  const lostAtMs = [...taken]
    .filter((t) => !stored.has(t))
    .map((t) => `${t - disruptedAt}${appended.has(t) ? 'a' : 's'}`)
    .join(' ');
  writer.disconnect();
  reader.disconnect();
  rmSync(spoolDir, { recursive: true, force: true });
  if (how === 'sigkill') {
    // Back as a replica of the promoted node, so the Cluster has a replica per master again.
    await c.server(victim.port).start();
    await c.waitHealthy();
  }
  return {
    takenSamples: taken.size,
    storedOfTaken,
    lost: taken.size - storedOfTaken,
    lostAcknowledged,
    lostAtMs,
    spooled: spooledT.size,
    firstWriteAfterMs: firstWriteAfter,
    promotedAfterMs,
  };
}

async function usedMemory(ports: number[]): Promise<number> {
  let total = 0;
  for (const port of ports) {
    const c = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    const info = await c.info('memory');
    total += Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
    c.disconnect();
  }
  return total;
}

/** MEMORY USAGE of every key of `host`, by family (raw tier and index, minute tier, hour tier). */
async function hostMemory(masters: number[], host: string): Promise<{ raw: number; minute: number; hour: number; keys: number }> {
  const base = `${PREFIX}:{h:${host}}:`;
  const out = { raw: 0, minute: 0, hour: 0, keys: 0 };
  for (const port of masters) {
    const c = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    let cursor = '0';
    do {
      const [next, keys] = await c.scan(cursor, 'MATCH', `${base}*`, 'COUNT', 1000);
      cursor = next;
      for (const k of keys) {
        const bytes = Number(await c.call('MEMORY', 'USAGE', k, 'SAMPLES', '0')) || 0;
        const family = k.slice(base.length).split(':')[0];
        if (family === 'm') out.minute += bytes;
        else if (family === 'h') out.hour += bytes;
        else out.raw += bytes;
        out.keys++;
      }
    } while (cursor !== '0');
    c.disconnect();
  }
  return out;
}

/**
 * One simulated day per host (10 s samples, the generated hosts' series set) written as a spool
 * flush or an importer sends it, compacted into the minute and hour tiers, then measured.
 */
async function memoryPerHostDay(c: TestCluster): Promise<Record<string, number>> {
  const masters = (await c.masters()).map((m) => m.port);
  await flushAll(masters);
  const redis = createRedis(c.target, { name: 'bench-memory' });
  const now = Math.floor(Date.now() / DAY) * DAY;
  const store: RedisSeriesStore = createRedisSeriesStore({
    redis,
    prefix: PREFIX,
    retention: { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY },
    now: () => now,
  });
  const hosts = 6;
  const before = await usedMemory(masters);
  let series = 0;
  let samples = 0;
  for (let i = 0; i < hosts; i++) {
    const h = generateHost({ seed: 101 + i, start: now - DAY, ticks: DAY / 10_000 });
    series = h.series.length;
    const snaps: Point[][] = h.t.map((t, k) => h.series.map((s) => ({ metric: s.metric, labels: s.labels, t, v: s.v[k]! })));
    for (let k = 0; k < snaps.length; k += 2160) await store.append(`mem-${i}`, snaps.slice(k, k + 2160).flat());
    await store.compact(`mem-${i}`, now);
    samples += snaps.length * h.series.length;
  }
  const after = await usedMemory(masters);
  let raw = 0;
  let minute = 0;
  let hour = 0;
  let keys = 0;
  for (let i = 0; i < hosts; i++) {
    const m = await hostMemory(masters, `mem-${i}`);
    raw += m.raw;
    minute += m.minute;
    hour += m.hour;
    keys += m.keys;
  }
  redis.disconnect();
  const perHost = (x: number) => x / hosts;
  return {
    memory_series_per_host: series,
    memory_samples_per_host_day: samples / hosts,
    memory_used_memory_delta_mb_per_host_day: round(perHost(after - before) / 1e6, 3),
    memory_usage_all_keys_mb_per_host_day: round(perHost(raw + minute + hour) / 1e6, 3),
    memory_usage_raw_mb_per_host_day: round(perHost(raw) / 1e6, 3),
    memory_usage_minute_tier_kb_per_host_day: round(perHost(minute) / 1e3, 1),
    memory_usage_hour_tier_kb_per_host_day: round(perHost(hour) / 1e3, 1),
    memory_raw_bytes_per_sample: round(raw / samples, 3),
    memory_minute_bytes_per_series_day: round(minute / (hosts * series)),
    memory_hour_bytes_per_series_day: round(hour / (hosts * series)),
    memory_keys_per_host: round(keys / hosts),
  };
}

async function main(): Promise<void> {
  const result: Record<string, number | string | null> = {};
  result.loadavg_1m_at_start = round(loadavg()[0] ?? 0);
  const dir = mkdtempSync(join(tmpdir(), 'checkup-bench-scale-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    log('starting one redis-server and a three-master Cluster');
    mkdirSync(join(dir, 'single'));
    const one = await startTestRedisServer(join(dir, 'single'), { port: 7121, persist: false });
    stops.push(() => one.stop());
    const three = await startTestCluster({ dir: join(dir, 'c3'), ports: [7131, 7132, 7133], replicas: 0 });
    stops.push(() => three.stop());
    const s1 = single(one);
    const s3 = clusterServers(three);
    for (const w of WRITERS) {
      log(`ingest, ${w} writer process(es) x ${HOSTS_PER_WRITER} hosts, ${INGEST_SECONDS} s each`);
      const a = await ingest(s1, w, `one-${w}`);
      const b = await ingest(s3, w, `three-${w}`);
      for (const [k, v] of Object.entries(a)) result[`ingest_single_w${w}_${k}`] = v;
      for (const [k, v] of Object.entries(b)) result[`ingest_cluster3_w${w}_${k}`] = v;
      result[`ingest_ratio_w${w}`] = round((b.samples_per_sec ?? 0) / (a.samples_per_sec ?? 1));
    }
    log('memory per host per day');
    Object.assign(result, await memoryPerHostDay(three));
    await three.stop();
    await one.stop();

    log('starting a six-node Cluster (three masters, three replicas) for failover');
    const six = await startTestCluster({ dir: join(dir, 'c6'), ports: [7141, 7142, 7143, 7144, 7145, 7146], replicas: 1 });
    stops.push(() => six.stop());
    log('failover: SIGKILL of the master of the agent host slot');
    const k = await failover(six, 'sigkill', 'bench-failover-kill');
    log('failover: manual CLUSTER FAILOVER');
    const m = await failover(six, 'manual', 'bench-failover-manual');
    for (const [name, r] of [
      ['sigkill', k],
      ['manual', m],
    ] as const)
      for (const [key, v] of Object.entries(r)) result[`failover_${name}_${key}`] = v;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  result.loadavg_1m_at_end = round(loadavg()[0] ?? 0);
  console.log(JSON.stringify(result));
}

await main();
