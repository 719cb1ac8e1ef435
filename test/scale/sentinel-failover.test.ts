import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/queue/redis-connection.js';
import { createRedisSeriesStore } from '../../src/store/index.js';
import { figure } from '../utils/figure.js';
import { foreignClients, MASTER_NAME, startSentinelSetup, syncedReplica, type SentinelSetup } from '../utils/sentinel-setup.js';
import { spooledTimes } from '../utils/spool-times.js';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const HOST = 'sentinel-agent-1';
const PREFIX = 'checkup-test-sentinel';
const INTERVAL_MS = 1_000;
const DAY = 86_400_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sample times of one metric the agent writes, as stored on the Redis at `port`. */
async function storedTimes(port: number, from: number): Promise<number[]> {
  const redis = createRedis(`redis://127.0.0.1:${port}`, { failFast: true });
  redis.on('error', () => undefined);
  try {
    const store = createRedisSeriesStore({ redis, prefix: PREFIX, retention: { rawMs: DAY, minuteMs: DAY, hourMs: DAY } });
    const [series] = await store.range({ host: HOST, metric: 'mem.used_pct', from, to: Date.now() + 1_000, step: 1 });
    return (series?.points ?? []).filter((p) => p.v !== null).map((p) => p.t);
  } catch {
    return [];
  } finally {
    redis.disconnect();
  }
}

// Issue 16: an agent wired to the sentinels, the master SIGKILLed mid-collection. Writes must
// resume through the promoted replica within 10 s, every sample taken meanwhile must arrive (the
// agent spools while no master is known), and the old master, restarted, must never be written to.
describe('Sentinel failover under a collecting agent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-sentinel-'));
  let setup: SentinelSetup | undefined;
  let agent: ChildProcess | undefined;
  afterAll(async () => {
    agent?.kill('SIGKILL');
    await setup?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no sample, resumes writes through the new master within 10 s and never writes to the demoted one', async () => {
    setup = await startSentinelSetup(join(dir, 'redis'));
    const { master, replica } = setup;
    const data = join(dir, 'data');
    mkdirSync(data);
    const config = join(dir, 'checkup.yml');
    const sentinels = setup.sentinels.map((s) => `"${s.host}:${s.port}"`).join(', ');
    writeFileSync(
      config,
      `redis:\n  prefix: ${PREFIX}\n  embedded: false\n  sentinel:\n    name: ${MASTER_NAME}\n    sentinels: [${sentinels}]\n` +
        `dataDir: ${data}\nlog:\n  level: warn\nhost:\n  id: ${HOST}\nagent:\n  interval: 1s\n`,
    );
    let stderr = '';
    const startedAt = Date.now();
    agent = spawn(process.execPath, [...CLI, '--config', config, 'agent'], { stdio: ['ignore', 'ignore', 'pipe'] });
    agent.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((r) => agent!.once('exit', (code) => r(code)));

    await expect.poll(async () => (await storedTimes(master.port, startedAt)).length, { timeout: 60_000, interval: 250 }).toBeGreaterThanOrEqual(4);
    expect(agent.exitCode, stderr).toBeNull();

    // Every spooled sample, seen before the flush that empties the segment (a flush waits a tick).
    const spool = join(data, 'spool');
    const spooled = new Set<number>();
    let watching = true;
    const spoolWatch = (async () => {
      while (watching) {
        for (const t of spooledTimes(spool)) spooled.add(t);
        await sleep(50);
      }
    })();

    const beforeKill = await storedTimes(master.port, startedAt);
    const killAt = Date.now();
    await master.kill('SIGKILL');

    await expect.poll(() => setup!.masterPort(), { timeout: 30_000, interval: 100 }).toBe(replica.port);
    const switchMs = Date.now() - killAt;

    // The old master comes back as it was (a master, with its AOF) until the sentinels demote it.
    await master.start();
    const writtenToOld = new Set<string>();
    let demoted = false;
    let firstWriteMs: number | null = null;
    await Promise.all([
      (async () => {
        // Watched until the sentinels have demoted it and it has synced from the new master, and a
        // little past that: the window in which a write to it would later be wiped.
        const until = Date.now() + 30_000;
        let demotedAt: number | null = null;
        while (Date.now() < until && (demotedAt === null || Date.now() - demotedAt < 2_000)) {
          for (const c of (await foreignClients(master.port)) ?? []) writtenToOld.add(c.replace(/\b(id|addr|laddr|fd|age|idle)=\S+\s*/g, ''));
          if (demotedAt === null && (await syncedReplica(master.port))) demotedAt = Date.now();
          await sleep(100);
        }
        demoted = demotedAt !== null;
      })(),
      (async () => {
        const until = killAt + 30_000;
        while (firstWriteMs === null && Date.now() < until) {
          if ((await storedTimes(replica.port, killAt)).length > 0) firstWriteMs = Date.now() - killAt;
          else await sleep(100);
        }
      })(),
    ]);
    expect(firstWriteMs, stderr).not.toBeNull();
    expect(firstWriteMs!).toBeLessThan(10_000);
    expect([...writtenToOld]).toEqual([]);
    expect(demoted).toBe(true);

    // A few more samples after the failover, then the spool must be empty.
    const resumedAt = Date.now();
    await expect.poll(async () => (await storedTimes(replica.port, resumedAt)).length, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => spooledTimes(spool).length, { timeout: 15_000, interval: 100 }).toBe(0);
    watching = false;
    await spoolWatch;
    agent.kill('SIGTERM');
    expect(await exited).toBe(0);

    const stored = await storedTimes(replica.port, startedAt);
    const have = new Set(stored);
    expect(beforeKill.filter((t) => !have.has(t))).toEqual([]);
    expect([...spooled].filter((t) => !have.has(t))).toEqual([]);
    // One sample per 1 s slot (the agent keeps slots on the monotonic clock): a gap of two or more
    // intervals between neighbours is a lost sample. A second sample in one slot is no loss; it is counted.
    const sorted = [...stored].sort((x, y) => x - y);
    let lost = 0;
    let extra = 0;
    for (let i = 1; i < sorted.length; i++) {
      const gap = sorted[i]! - sorted[i - 1]!;
      if (gap > 1.5 * INTERVAL_MS) lost += Math.round(gap / INTERVAL_MS) - 1;
      else if (gap < 0.5 * INTERVAL_MS) extra += 1;
    }
    expect(lost).toBe(0);
    figure('Sentinel failover (master SIGKILLed, agent every 1 s)', {
      newMasterKnownMs: switchMs,
      firstWriteAfterKillMs: firstWriteMs,
      samplesSpooled: spooled.size,
      samplesStored: stored.length,
      samplesLost: lost,
      secondSamplesInASlot: extra,
      writesToDemotedMaster: writtenToOld.size,
    });
  }, 240_000);
});
