import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppRuntime } from '../../src/app/create-deps.js';
import { agentOnPrivateRedis, type AgentOnPrivateRedis } from '../utils/agent-on-private-redis.js';
import { figure } from '../utils/figure.js';

const INTERVAL = 1_000;
const OUTAGE_MS = 60_000;

/** Every stored sample time of one of the agent's series (1 ms buckets: the raw times). */
async function sampleTimes(rt: AppRuntime, host: string, from: number, to: number): Promise<number[]> {
  const [series] = await rt.deps.store.range({ host, metric: 'mem.used_pct', from, to, step: 1 });
  return (series?.points ?? []).filter((p) => p.v !== null).map((p) => p.t);
}

/**
 * Samples lost between consecutive stored samples: a gap of n intervals (rounded) lost n - 1.
 * Also the gaps under half an interval: a slot sampled twice.
 */
function accounting(times: number[]): { lost: number; doubled: number; worstGapMs: number } {
  let lost = 0;
  let doubled = 0;
  let worstGapMs = 0;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    worstGapMs = Math.max(worstGapMs, gap);
    lost += Math.max(0, Math.round(gap / INTERVAL) - 1);
    if (gap < INTERVAL / 2) doubled++;
  }
  return { lost, doubled, worstGapMs };
}

async function outage(env: AgentOnPrivateRedis): Promise<{ before: number[]; killedAt: number; backAt: number }> {
  const { server, rt, config } = env;
  const host = config.hostId;
  await expect
    .poll(async () => (await sampleTimes(rt, host, Date.now() - 60_000, Date.now())).length, { timeout: 20_000, interval: 250 })
    .toBeGreaterThanOrEqual(5);
  const before = await sampleTimes(rt, host, Date.now() - 60_000, Date.now());
  const killedAt = Date.now();
  await server.kill('SIGKILL');
  await sleep(OUTAGE_MS);
  const backAt = Date.now();
  await server.start();
  // Flushed, and collect jobs (not only the local timer) drive the agent again.
  await expect.poll(() => readdirSync(config.paths.spool).length, { timeout: 30_000, interval: 250 }).toBe(0);
  const queue = rt.queues.get(`collect-${host}`);
  const completedAtBack = (await queue.getJobCounts('completed')).completed ?? 0;
  await expect.poll(async () => (await queue.getJobCounts('completed')).completed, { timeout: 30_000, interval: 500 }).toBeGreaterThan(completedAtBack + 2);
  // Ten seconds of the job-driven regime after the return, so the hand-back is inside the window.
  await sleep(Math.max(0, backAt + 10_000 - Date.now()));
  return { before, killedAt, backAt };
}

// Issue #12: Redis SIGKILLed for 60 s while the agent samples every second. The spool covers the
// outage; the local timer must take over on the very slot the first missing job was due (#12.9).
describe('agent across a Redis SIGKILL of 60 s', () => {
  let env: AgentOnPrivateRedis | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  it('with AOF: loses no sample, doubles none, and keeps the history from before the kill', async () => {
    env = await agentOnPrivateRedis({ prefix: 'checkup-test-sigkill-aof', persist: true });
    const host = env.config.hostId;
    const { before, killedAt, backAt } = await outage(env);
    const times = await sampleTimes(env.rt, host, killedAt - 60_000, Date.now() - 2 * INTERVAL);
    const a = accounting(times);
    expect(a, `worst gap ${a.worstGapMs} ms`).toMatchObject({ lost: 0, doubled: 0 });
    figure('redis SIGKILL 60 s, AOF', { samples: times.length, keptFromBefore: before.length, ...a, intervalMs: INTERVAL });
    // The window is covered from before the kill (all of it kept by the AOF) to after the return.
    expect(times.slice(0, before.length)).toEqual(before);
    expect(times[times.length - 1]).toBeGreaterThan(backAt + 5_000);
    expect(times.length).toBeGreaterThanOrEqual(Math.floor((times[times.length - 1]! - times[0]!) / INTERVAL));
  }, 150_000);

  it('without persistence: Redis restarts empty; from the kill on, no sample is lost or doubled', async () => {
    env = await agentOnPrivateRedis({ prefix: 'checkup-test-sigkill-empty', persist: false });
    const host = env.config.hostId;
    const { before, killedAt, backAt } = await outage(env);
    const times = await sampleTimes(env.rt, host, killedAt - 60_000, Date.now() - 2 * INTERVAL);
    // What Redis held before the kill went with it (no persistence): the documented loss, and the
    // only one. The first sample after the kill is the spool's, taken on the slot the next job was due.
    expect(before.length).toBeGreaterThan(0);
    expect(times.filter((t) => t <= before[before.length - 1]!)).toEqual([]);
    expect(times[0]).toBeGreaterThanOrEqual(killedAt - INTERVAL);
    expect(times[0]! - killedAt).toBeLessThan(1.5 * INTERVAL);
    const a = accounting(times);
    expect(a, `worst gap ${a.worstGapMs} ms`).toMatchObject({ lost: 0, doubled: 0 });
    expect(times[times.length - 1]).toBeGreaterThan(backAt + 5_000);
    // The host's OS, kernel and CPU line and its tags are back too (#12.7).
    const record = await env.rt.deps.hosts.get(host);
    expect(record?.info?.kernel).toBeTruthy();
    expect(await env.rt.deps.hosts.list()).toContain(host);
    figure('redis SIGKILL 60 s, no persistence', { samples: times.length, lostWithRedis: before.length, ...a, intervalMs: INTERVAL });
  }, 150_000);
});
