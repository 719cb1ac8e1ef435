import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisLogRepo } from '../../src/logs/store/index.js';
import { createRedis, type RedisClient } from '../../src/queue/redis-connection.js';
import { createRedisSeriesStore, hostKeys, type RedisSeriesStore } from '../../src/store/index.js';
import { RANGE_READ } from '../../src/store/lua/range-script.js';
import type { RangeSeries } from '../../src/store/types.js';
import { figure } from '../utils/figure.js';
import { logBatch } from '../utils/log-batches.js';
import { mulberry32 } from '../utils/prng.js';
import { startTestCluster, type TestCluster } from '../utils/redis-cluster.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
// Raw kept 2 h, minutes 3 days, hours 60 days: a query picks its tier by how far back it starts.
const RETENTION = { rawMs: 2 * HOUR, minuteMs: 3 * DAY, hourMs: 60 * DAY };
const NOW = Math.floor(Date.now() / HOUR) * HOUR;
const PREFIX = 'checkup-test-cluster-scripts';
// Enough hosts that every master serves some (asserted below).
const HOSTS = Array.from({ length: 12 }, (_, i) => `node-${i}`);
const METRICS = ['cpu.busy_pct', 'mem.used_pct', 'load.1m'];

/**
 * Every read tier of one host, each a range the store answers from that tier. The rollup tiers
 * read their windows and the raw tail in one MULTI (EVALSHA inside, which cannot fall back by
 * itself): those failed in issue 16.
 */
const READS = [
  { tier: 'hour', from: NOW - 20 * DAY, step: 6 * HOUR },
  { tier: 'minute', from: NOW - 2 * DAY, step: 15 * MIN },
  { tier: 'raw', from: NOW - HOUR, step: 10_000 },
] as const;

/**
 * Issue 16: "NOSCRIPT on a Cluster: 12 of 36 minute/hour-tier reads failed after SCRIPT FLUSH".
 * On a real six-node Cluster (three masters, three replicas), with every node's script cache
 * flushed before each step, every store operation that runs a Lua script must still succeed:
 * snapshot and bulk appends, chunk closes, compaction, range reads from every tier, and log batch
 * writes. The scripts' EVALSHA falls back to EVAL per node (inside MULTI too), so nothing needs to
 * be loaded beforehand on whichever master a host's slot lives on.
 */
describe('store scripts on a real Redis Cluster after SCRIPT FLUSH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-cluster-scripts-'));
  let cluster: TestCluster | undefined;
  let redis: RedisClient;
  let store: RedisSeriesStore;
  const failures: string[] = [];
  let ops = 0;

  /** Runs one store call; a failure is recorded, not thrown, so the count covers every call. */
  async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    ops++;
    try {
      return await fn();
    } catch (err) {
      failures.push(`${what}: ${(err as Error).message}`);
      return undefined;
    }
  }

  beforeAll(async () => {
    cluster = await startTestCluster({ dir, ports: [7101, 7102, 7103, 7104, 7105, 7106], replicas: 1 });
    redis = createRedis(cluster.target, { name: 'cluster-scripts-test' });
    // Chunks of 8 samples: snapshot appends close chunks (the CLOSE script) within a few calls.
    store = createRedisSeriesStore({ redis, prefix: PREFIX, retention: RETENTION, chunkSize: 8, now: () => NOW });
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every tier of every metric of `host`; with `cold`, every node's script cache is flushed before each read. */
  const readAll = async (host: string, cold: boolean) => {
    const out: Record<string, RangeSeries[] | undefined> = {};
    for (const r of READS)
      for (const metric of METRICS) {
        if (cold) expect(await cluster!.flushScripts()).toBe(6);
        out[`${r.tier} ${metric}`] = await attempt(`range ${r.tier} ${host}`, () => store.range({ host, metric, from: r.from, to: NOW, step: r.step }));
      }
    return out;
  };

  it('spreads the hosts over every master', async () => {
    const masters = await cluster!.masters();
    expect(masters).toHaveLength(3);
    const owners = new Set<number>();
    for (const h of HOSTS) owners.add((await cluster!.masterOf(hostKeys(PREFIX, h).state)).port);
    expect(owners.size).toBe(3);
  });

  it('writes and reads every tier with every script cache flushed before each step: no failure', async () => {
    const rand = mulberry32(16);
    // 1. Bulk history (the BULK_WRITE script): 25 days at 5 min.
    expect(await cluster!.flushScripts()).toBe(6);
    for (const host of HOSTS) {
      const points = METRICS.flatMap((metric) => {
        const p = [];
        for (let t = NOW - 25 * DAY; t < NOW - 90 * MIN; t += 5 * MIN) p.push({ metric, t, v: Math.round(rand() * 10_000) / 100 });
        return p;
      });
      await attempt(`bulk append ${host}`, () => store.append(host, points));
    }
    // 2. Live snapshots (the APPEND script, and CLOSE as chunks fill): 30 samples at 10 s per series.
    expect(await cluster!.flushScripts()).toBe(6);
    for (let t = NOW - 30 * 10_000; t < NOW; t += 10_000)
      for (const host of HOSTS)
        await attempt(`snapshot ${host}`, () =>
          store.append(
            host,
            METRICS.map((metric) => ({ metric, t, v: Math.round(rand() * 100) })),
          ),
        );
    // 3. Compaction (COMPACT_READ, COMPACT_WRITE): raw rolled up into minutes and hours.
    expect(await cluster!.flushScripts()).toBe(6);
    let rolledUp = 0;
    for (const host of HOSTS) rolledUp += (await attempt(`compact ${host}`, () => store.compact(host, NOW)))?.rolledUp ?? 0;
    expect(rolledUp).toBeGreaterThan(0);

    // 4. Reads of every tier, twice: once warm, once each right after a flush. The answers must be the same.
    const warm = new Map<string, Awaited<ReturnType<typeof readAll>>>();
    for (const host of HOSTS) warm.set(host, await readAll(host, false));
    expect(await cluster!.flushScripts()).toBe(6);
    // A bare EVALSHA now fails on every master: the flush took effect, the test can fail.
    const bare = await Promise.allSettled(
      HOSTS.map((h) => {
        const k = hostKeys(PREFIX, h);
        return redis.callBuffer('EVALSHA', [
          RANGE_READ.sha,
          4,
          k.rolled,
          k.chunks('cpu.busy_pct'),
          k.open('cpu.busy_pct'),
          k.state,
          'raw',
          0,
          1,
          'cpu.busy_pct',
        ]);
      }),
    );
    expect(bare.filter((r) => r.status === 'rejected' && /NOSCRIPT/.test(String(r.reason))).length).toBe(HOSTS.length);
    let compared = 0;
    for (const host of HOSTS) {
      const cold = await readAll(host, true);
      for (const [key, series] of Object.entries(warm.get(host)!)) {
        expect(cold[key], `${host} ${key}`).toEqual(series);
        expect(series?.[0]?.tier, `${host} ${key}`).toBe(key.split(' ')[0]);
        expect(
          series?.[0]?.points.some((p) => p.count > 0),
          `${host} ${key}`,
        ).toBe(true);
        compared++;
      }
    }
    expect(compared).toBe(HOSTS.length * READS.length * METRICS.length);

    // 5. Log batches (WRITE_BATCH) and their reads.
    expect(await cluster!.flushScripts()).toBe(6);
    const logs = createRedisLogRepo({ redis, prefix: PREFIX, retention: RETENTION, now: () => Date.now() });
    const minute = Math.floor(Date.now() / MIN) * MIN;
    for (const host of HOSTS)
      await attempt(`log write ${host}`, () =>
        logs.write(
          logBatch({ host, since: minute - HOUR, lastRead: minute, lines: [{ template: 'Failed password for <*>', severity: 'warning', minute, count: 3 }] }),
        ),
      );
    for (const host of HOSTS) {
      const found = await attempt(`log read ${host}`, () => logs.templates({ host, from: minute - HOUR, to: minute + MIN }));
      expect(found?.map((t) => t.count)).toEqual([3]);
    }

    expect(failures).toEqual([]);
    figure('Store scripts on a 3-master Cluster, every script cache flushed before each step', {
      hosts: HOSTS.length,
      storeCalls: ops,
      failures: failures.length,
      tierReadsComparedAfterFlush: compared,
    });
  }, 240_000);
});
