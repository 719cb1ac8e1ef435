import { afterAll, describe, expect, it } from 'vitest';
import { agentOnPrivateRedis, type AgentOnPrivateRedis } from '../../utils/agent-on-private-redis.js';

// A Redis without persistence restarts empty: the agent must put its schedulers back.
describe('agent after Redis restarts empty', () => {
  let env: AgentOnPrivateRedis | undefined;
  afterAll(() => env?.close());

  it('registers its collect schedule, host info and tags again and collects through jobs', async () => {
    env = await agentOnPrivateRedis({ prefix: 'checkup-test-forgets', persist: false, raw: { host: { tags: ['rack-7'] } } });
    const { server, rt, config } = env;
    const queue = rt.queues.get(`collect-${config.hostId}`);
    expect(await queue.getJobScheduler(`collect:${config.hostId}`)).toBeTruthy();
    const before = await rt.deps.hosts.get(config.hostId);
    expect(before?.info?.kernel).toBeTruthy();
    await server.stop();
    await server.start();
    await expect
      .poll(async () => Boolean(await queue.getJobScheduler(`collect:${config.hostId}`).catch(() => null)), { timeout: 20_000, interval: 250 })
      .toBe(true);
    // Issue #12.7: the OS, kernel and CPU line of the reports comes from this record.
    await expect
      .poll(async () => (await rt.deps.hosts.get(config.hostId).catch(() => null))?.info ?? null, { timeout: 20_000, interval: 250 })
      .toEqual(before?.info ? { ...before.info, uptimeSec: expect.any(Number) } : null);
    expect((await rt.deps.hosts.get(config.hostId))?.tags).toEqual(['rack-7']);
    // Jobs, not only the local timer, collect again: completed collect jobs appear.
    await expect.poll(async () => (await queue.getJobCounts('completed')).completed, { timeout: 20_000, interval: 500 }).toBeGreaterThan(0);
  }, 60_000);
});
