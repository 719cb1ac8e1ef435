import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentRole } from '../../../src/app/agent-role.js';
import { createRuntime, type AppRuntime } from '../../../src/app/create-deps.js';
import { startWorkerRole } from '../../../src/app/worker-role.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { testConfig } from '../../utils/test-config.js';
import { startTarget } from '../../utils/target-server.js';
import { startReceiver, type Receiver } from '../../utils/webhook-receiver.js';

// The app's own roles, configured through checkup.yml keys: agent runs checks, worker alerts.
describe('wired into the app roles', () => {
  const prefix = testPrefix();
  let rt: AppRuntime;
  let hook: Receiver;
  let target: Awaited<ReturnType<typeof startTarget>>;
  const workers: Worker[] = [];
  let agentClose: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    [hook, target] = await Promise.all([startReceiver(), startTarget()]);
    const config = testConfig({
      prefix,
      raw: {
        host: { id: 'wired-1' },
        agent: { interval: '1s' },
        checks: [{ name: 'web', kind: 'http', url: target.url, interval: '200ms', timeout: '1s' }],
        alerts: {
          evaluateEvery: '200ms',
          groupWait: 0,
          rules: [{ name: 'web-down', type: 'check', check: 'web' }],
          channels: { hook: { type: 'webhook', url: `${hook.url}/hook`, backoff: '100ms' } },
        },
      },
    });
    rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    const agent = await startAgentRole(rt);
    workers.push(agent.worker);
    agentClose = agent.close;
    workers.push(...(await startWorkerRole(rt)).workers);
  });

  afterAll(async () => {
    await agentClose();
    await Promise.all(workers.map((w) => w.close()));
    await rt?.close();
    await Promise.all([hook?.close(), target?.down()]);
    await cleanupPrefix(prefix);
  });

  it('fires and resolves through the registered jobs and real enqueue', async () => {
    // Up first, so taking the target down is a transition the rule sees.
    const web = async () => (await rt.deps.checkState.latest('wired-1')).find((c) => c.check === 'web')?.status;
    await expect.poll(web, { timeout: 10_000, interval: 100 }).toBe('ok');
    await target.down();
    await expect.poll(() => hook.at('/hook').length, { timeout: 10_000, interval: 100 }).toBe(1);
    await target.up();
    await expect.poll(() => hook.at('/hook').length, { timeout: 10_000, interval: 100 }).toBe(2);
    expect(hook.at('/hook').map((r) => (r.body as { kind: string }).kind)).toEqual(['firing', 'resolved']);
    // The log entry is written after the receiver answered: wait for it rather than race it.
    const reader = rt.deps.alertReader;
    await expect
      .poll(async () => (await reader.notifications({ from: 0, to: Date.now() })).map((e) => e.outcome), { timeout: 5_000, interval: 100 })
      .toEqual(['sent', 'sent']);
  });
});
