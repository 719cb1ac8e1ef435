/**
 * Time-series store bench: `npm run bench:store`. Uses its own key prefix on REDIS_URL (default
 * 127.0.0.1:6379), deletes its keys at the end, and prints one JSON object on the last line.
 *
 * Sections: codec sizes against alternatives (no Redis), bytes at rest via MEMORY USAGE, live
 * ingest throughput, 7-day range queries served from the minute tier, and a simulator-sized
 * backfill (hosts x 14 days x 40 series at 5-minute spacing, append + compact).
 * BENCH_BACKFILL_HOSTS shrinks the backfill (default 100). BENCH_SECTIONS picks sections (codec, rest,
 * real, ingest, range, backfill; comma-separated, default all).
 *
 * `real`: recordings of the real agent on this machine (bench/fixtures/agent-samples-*.ndjson.gz,
 * made by bench/record-agent-samples.ts) replayed one snapshot per append, as the agent sends them.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { decodeRawChunk, encodeRawChunk } from '../src/store/codec/raw-chunk.js';
import { decodeRollupChunk } from '../src/store/codec/rollup-decode.js';
import { createRedisSeriesStore, type RedisSeriesStore } from '../src/store/index.js';
import { hostTag } from '../src/store/keys.js';
import type { Point, RetentionConfig } from '../src/store/types.js';
import { gorillaChunkBytes, varintChunkBytes } from '../test/utils/alt-codecs.js';
import { generateHost, type GeneratedHost } from '../test/utils/realistic-metrics.js';
import { closedChunkBytes, loadRecording, replay } from './agent-replay.js';

const DAY = 86_400_000;
const RETENTION: RetentionConfig = { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY };
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
const prefix = `checkup-bench-${randomUUID()}`;
const log = (msg: string) => console.error(`[bench:store] ${msg}`);

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

function snapshots(h: GeneratedHost, maxSeries = Infinity): Point[][] {
  const series = h.series.slice(0, maxSeries);
  return h.t.map((t, i) => series.map((s) => ({ metric: s.metric, labels: s.labels, t, v: s.v[i]! })));
}

/** Encoded chunk sizes only, no Redis: the chosen format against Gorilla and zigzag varints. */
function codecComparison(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rounded of [true, false]) {
    const h = generateHost({ seed: 7, start: Date.UTC(2025, 0, 1), ticks: 8640, rounded });
    for (const n of [120, 240, 480]) {
      let ours = 0;
      let gorilla = 0;
      let varint = 0;
      let samples = 0;
      for (const s of h.series) {
        for (let i = 0; i + n <= h.t.length; i += n) {
          const t = h.t.slice(i, i + n);
          const v = s.v.slice(i, i + n);
          ours += encodeRawChunk(t, v).length;
          gorilla += gorillaChunkBytes(t, v);
          varint += varintChunkBytes(t, v);
          samples += n;
        }
      }
      const tag = `${rounded ? 'rounded' : 'unrounded'}_chunk${n}`;
      out[`codec_ours_${tag}`] = round(ours / samples, 3);
      out[`codec_gorilla_${tag}`] = round(gorilla / samples, 3);
      out[`codec_varint_${tag}`] = round(varint / samples, 3);
    }
  }
  return out;
}

async function keysMatching(pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out;
}

async function memoryOf(keys: string[]): Promise<number> {
  let total = 0;
  for (const k of keys) total += Number(await redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0')) || 0;
  return total;
}

/** Two days (the raw retention) of two hosts, then Redis' own count of the bytes they take. */
async function bytesAtRest(store: RedisSeriesStore, now: number): Promise<Record<string, number>> {
  const ticks = (2 * DAY) / 10_000;
  for (const host of ['rest-a', 'rest-b']) {
    const h = generateHost({ seed: host.length + (host === 'rest-a' ? 1 : 2), start: now - 2 * DAY, ticks });
    const snaps = snapshots(h);
    // Half a day per call, as a spool flush or an importer would send it.
    for (let i = 0; i < snaps.length; i += 4320) await store.append(host, snaps.slice(i, i + 4320).flat());
  }
  const chunkKeys = (await keysMatching(`${prefix}:{h:rest-*}:c:*`)).sort();
  let samples = 0;
  let encoded = 0;
  for (const k of chunkKeys) {
    for (const c of await redis.hvalsBuffer(k)) {
      samples += decodeRawChunk(c).n;
      encoded += c.length;
    }
  }
  const chunkMem = await memoryOf(chunkKeys);
  const allKeys = await keysMatching(`${prefix}:{h:rest-*}:*`);
  const openSamples = (await Promise.all((await keysMatching(`${prefix}:{h:rest-*}:o:*`)).map((k) => redis.strlen(k)))).reduce((a, b) => a + b / 16, 0);
  const allMem = await memoryOf(allKeys);
  return {
    bytes_per_sample: round(chunkMem / samples, 3),
    bytes_per_sample_encoded_only: round(encoded / samples, 3),
    bytes_per_sample_raw_tier_incl_open_chunks_and_index: round(allMem / (samples + openSamples), 3),
    rest_closed_samples: samples,
  };
}

/**
 * Real agent data recorded on this machine (bench/record-agent-samples.ts), replayed one snapshot
 * per append as the agent sends it; figures are over closed raw chunks only.
 */
async function realAgentBytes(store: RedisSeriesStore): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const tag of ['10s', '2s']) {
    const snaps = loadRecording(`bench/fixtures/agent-samples-${tag}`);
    if (snaps === null) continue;
    out[`real_${tag}_snapshots`] = snaps.length;
    // `full`: the collector's doubles as recorded; `stored`: at the agent's stored precision.
    for (const form of ['stored', 'full'] as const) {
      const host = `real-${tag}-${form}`;
      await replay(store, host, snaps, form === 'stored');
      const b = await closedChunkBytes(redis, prefix, hostTag(host));
      const key = form === 'stored' ? `real_${tag}` : `real_${tag}_full_precision`;
      out[`${key}_bytes_per_sample`] = round(b.memory / b.samples, 3);
      out[`${key}_bytes_per_sample_encoded_only`] = round(b.encoded / b.samples, 3);
      out[`${key}_closed_samples`] = b.samples;
      out[`${key}_closed_chunks`] = b.chunks;
    }
  }
  return out;
}

/**
 * Live path: each host sends one snapshot per call, hosts in parallel, each host in time order.
 * `width` generated hosts are merged into one snapshot (labelled apart) for bigger snapshots.
 */
async function ingest(store: RedisSeriesStore, now: number, opts: { hosts: number; width: number; tag: string }): Promise<[number, number]> {
  const ticks = 360;
  const parts = Array.from({ length: opts.width }, (_, k) => snapshots(generateHost({ seed: 11 + k, start: now - ticks * 10_000, ticks })));
  const template = parts[0]!.map((_, i) =>
    parts.flatMap((p, k) => p[i]!.map((pt) => (opts.width === 1 ? pt : { ...pt, labels: { ...pt.labels, part: String(k) } }))),
  );
  const samples = opts.hosts * ticks * (template[0]?.length ?? 0);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.hosts }, async (_, h) => {
      for (const snap of template) await store.append(`ingest-${opts.tag}-${h}`, snap);
    }),
  );
  return [Math.round(samples / ((performance.now() - started) / 1000)), template[0]?.length ?? 0];
}

/** Generated points go out of scope before querying, as they would in a report process. */
async function ingestWeek(store: RedisSeriesStore, host: string, now: number): Promise<number> {
  const h = generateHost({ seed: 21, start: now - 7 * DAY, ticks: (7 * DAY) / 10_000 });
  const snaps = snapshots(h, 40);
  const started = performance.now();
  for (let i = 0; i < snaps.length; i += 8640) await store.append(host, snaps.slice(i, i + 8640).flat());
  return (performance.now() - started) / 1000;
}

/** A week of 40 series for one host, compacted, then 40 concurrent 7-day queries with automatic step. */
async function rangeQueries(store: RedisSeriesStore, now: number): Promise<Record<string, number | string>> {
  const host = 'range';
  const ingestSec = await ingestWeek(store, host, now);
  const t1 = performance.now();
  await store.compact(host, now);
  const compactSec = (performance.now() - t1) / 1000;
  const ids = (await store.listSeries(host)).slice(0, 40);
  const queryAll = () => Promise.all(ids.map((id) => store.range({ host, metric: id.metric, labels: id.labels, from: now - 7 * DAY, to: now })));
  const first = await queryAll();
  await queryAll();
  const batches: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 25; i++) {
    const s = performance.now();
    const c = process.cpuUsage();
    await queryAll();
    batches.push(performance.now() - s);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const single: number[] = [];
  for (const id of ids.slice(0, 10)) {
    const s = performance.now();
    await store.range({ host, metric: id.metric, labels: id.labels, from: now - 7 * DAY, to: now });
    single.push(performance.now() - s);
  }
  const r0 = first[0]?.[0];
  const tiers = await tierMemory(host);
  return {
    ...tiers,
    range_7d_40_series_ms_median: round(quantile(batches, 0.5), 1),
    range_7d_40_series_ms_p95: round(quantile(batches, 0.95), 1),
    range_7d_40_series_node_cpu_ms_median: round(quantile(cpu, 0.5), 1),
    range_7d_single_series_ms_median: round(quantile(single, 0.5), 2),
    range_tier: r0?.tier ?? 'none',
    range_step_ms: r0?.step ?? 0,
    range_points_per_series: r0?.points.length ?? 0,
    range_series: ids.length,
    range_week_ingest_sec: round(ingestSec, 2),
    range_week_compact_sec: round(compactSec, 2),
  };
}

/** Bytes per stored bucket of the rollup tiers, Redis' own count (buckets counted by decoding). */
async function tierMemory(host: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [tier, letter] of [
    ['minute', 'm'],
    ['hour', 'h'],
  ] as const) {
    const keys = await keysMatching(`${prefix}:{h:${host}}:${letter}:*`);
    let buckets = 0;
    for (const k of keys) for (const c of await redis.hvalsBuffer(k)) buckets += decodeRollupChunk(c).n;
    out[`${tier}_tier_bytes_per_bucket`] = round((await memoryOf(keys)) / buckets, 2);
  }
  return out;
}

/** What `checkup simulate` will do: 14 days of 40 series per host at 5-minute spacing, then compact. */
async function backfill(store: RedisSeriesStore, now: number): Promise<Record<string, number>> {
  const hosts = Number(process.env.BENCH_BACKFILL_HOSTS ?? 100);
  const ticks = (14 * DAY) / 300_000;
  // One generated history reused under every host name: generation is the simulator's cost, not ours.
  const points = snapshots(generateHost({ seed: 31, start: now - 14 * DAY, ticks, intervalMs: 300_000, jitterMs: 1000 }), 40).flat();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < hosts) {
      const host = `backfill-${next++}`;
      await store.append(host, points);
      await store.compact(host, now);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  const sec = (performance.now() - started) / 1000;
  return {
    backfill_hosts: hosts,
    backfill_samples: hosts * points.length,
    backfill_sec: round(sec, 2),
    backfill_samples_per_sec: Math.round((hosts * points.length) / sec),
  };
}

async function main(): Promise<void> {
  // Other processes share this 2-core machine; the load average says how much they took.
  const result: Record<string, number | string> = {};
  const now = Date.now();
  result.loadavg_1m_at_start = round(loadavg()[0] ?? 0);
  const store = createRedisSeriesStore({ redis, prefix, retention: RETENTION });
  try {
    // BENCH_SECTIONS=real,range (comma-separated) runs a subset; default all.
    const only = process.env.BENCH_SECTIONS?.split(',');
    const on = (name: string) => only === undefined || only.includes(name);
    if (on('codec')) {
      log('codec comparison');
      Object.assign(result, codecComparison());
    }
    if (on('rest')) {
      log('bytes at rest');
      Object.assign(result, await bytesAtRest(store, now));
    }
    if (on('real')) {
      log('real agent data');
      Object.assign(result, await realAgentBytes(store));
    }
    if (on('ingest')) {
      log('ingest');
      [result.ingest_samples_per_sec, result.ingest_points_per_call] = await ingest(store, now, { hosts: 40, width: 1, tag: 'a' });
      [result.ingest_big_snapshots_samples_per_sec, result.ingest_big_snapshots_points_per_call] = await ingest(store, now, { hosts: 10, width: 4, tag: 'b' });
    }
    if (on('range')) {
      log('range queries');
      Object.assign(result, await rangeQueries(store, now));
    }
    if (on('backfill')) {
      log('backfill');
      Object.assign(result, await backfill(store, now));
    }
  } finally {
    const keys = await keysMatching(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 1000) await redis.unlink(...keys.slice(i, i + 1000));
    redis.disconnect();
  }
  result.loadavg_1m_at_end = round(loadavg()[0] ?? 0);
  const order = [
    'real_10s_bytes_per_sample',
    'real_2s_bytes_per_sample',
    'bytes_per_sample',
    'ingest_samples_per_sec',
    'range_7d_40_series_ms_median',
    'range_7d_40_series_ms_p95',
  ];
  const sorted = Object.fromEntries([
    ...order.filter((k) => k in result).map((k) => [k, result[k]]),
    ...Object.entries(result).filter(([k]) => !order.includes(k)),
  ]);
  console.log(JSON.stringify(sorted));
}

await main();
