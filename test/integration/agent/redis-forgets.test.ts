import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgentRole } from '../../../src/app/agent-role.js';
import { createRuntime, type AppRuntime } from '../../../src/app/create-deps.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { startTestRedisServer, type TestRedisServer } from '../../utils/redis-server.js';
import { testConfig } from '../../utils/test-config.js';

// A Redis without persistence restarts empty: the agent must put its schedulers back.
describe('agent after Redis restarts empty', () => {
  let server: TestRedisServer;
  let rt: AppRuntime;
  let agent: Awaited<ReturnType<typeof startAgentRole>> | undefined;
  afterAll(async () => {
    await agent?.close();
    await rt?.close();
    await server?.stop();
  });

  it('registers its collect schedule again and collects through jobs', async () => {
    server = await startTestRedisServer(mkdtempSync(join(tmpdir(), 'checkup-redis-')), { persist: false });
    const config = testConfig({ prefix: 'checkup-test-forgets', raw: { agent: { interval: '1s' }, redis: { url: server.url } } });
    rt = createRuntime({ config, log: silentLogger(), redisUrl: server.url });
    agent = await startAgentRole(rt);
    const queue = rt.queues.get(`collect-${config.hostId}`);
    expect(await queue.getJobScheduler(`collect:${config.hostId}`)).toBeTruthy();
    await server.stop();
    await server.start();
    await expect.poll(async () => Boolean(await queue.getJobScheduler(`collect:${config.hostId}`).catch(() => null)), { timeout: 20_000, interval: 250 }).toBe(true);
    // Jobs, not only the local timer, collect again: completed collect jobs appear.
    await expect.poll(async () => (await queue.getJobCounts('completed')).completed, { timeout: 20_000, interval: 500 }).toBeGreaterThan(0);
  }, 60_000);
});
