import { afterAll, describe, expect, it } from 'vitest';
import { startAgentRole } from '../../../src/app/agent-role.js';
import { boot } from '../../../src/app/boot.js';
import { createRuntime } from '../../../src/app/create-deps.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { testConfig } from '../../utils/test-config.js';

// Like BullMQ's Worker.close: a second close is the first one, and the first releases everything.
describe('closing the app once', () => {
  const prefix = testPrefix();
  afterAll(() => cleanupPrefix(prefix));

  it('the agent and the runtime hand a second caller the first close, and release their workers and Redis', async () => {
    const config = testConfig({ prefix, raw: { host: { id: 'close-1' }, agent: { interval: '1s' } } });
    const rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    const agent = await startAgentRole(rt);
    expect(agent.worker.isRunning()).toBe(true);
    const agentClosing = agent.close();
    expect(agent.close()).toBe(agentClosing);
    await agentClosing;
    expect(agent.worker.isRunning()).toBe(false);

    const closing = rt.close();
    expect(rt.close()).toBe(closing);
    await closing;
    // The socket's close event comes a moment after disconnect().
    await expect.poll(() => rt.connection.status, { timeout: 3_000, interval: 20 }).toBe('end');
  });

  it('boot does the same', async () => {
    const config = testConfig({ prefix });
    const booted = await boot({ config, log: silentLogger(), startEmbedded: false });
    const closing = booted.close();
    expect(booted.close()).toBe(closing);
    await closing;
    await expect.poll(() => booted.runtime.connection.status, { timeout: 3_000, interval: 20 }).toBe('end');
  });
});
