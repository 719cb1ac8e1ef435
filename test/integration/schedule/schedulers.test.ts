import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createQueueSet } from '../../../src/app/enqueue.js';
import { syncSchedulers } from '../../../src/app/schedulers.js';
import { DEFAULT_JOB_OPTIONS } from '../../../src/queue/contracts/index.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { testConfig } from '../../utils/test-config.js';

// Every scheduler comes from the contracts, with the merged job options, registered by its role.
describe('job schedulers from the contracts', () => {
  const prefix = testPrefix();
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queues = createQueueSet({ connection: redis, prefix });
  afterAll(async () => {
    await queues.close();
    redis.disconnect();
    await cleanupPrefix(prefix);
  });
  const keys = async (queue: string) => (await queues.get(queue).getJobSchedulers(0, -1)).map((s) => s.key).sort();

  it('the worker role registers reports, maintenance with retries and backoff, and alert evaluation', async () => {
    const config = testConfig({ prefix, raw: { reports: { daily: { schedule: '0 7 * * *', timezone: 'Europe/Berlin' } }, alerts: { evaluateEvery: '45s' } } });
    const sync = await syncSchedulers({ queues, role: 'worker', config, log: silentLogger() });
    expect(sync.active.sort()).toEqual(['alerts:evaluate', 'maintenance:compact', 'maintenance:prune-archive', 'report:daily']);
    expect(await keys('maintenance')).toEqual(['maintenance:compact', 'maintenance:prune-archive']);
    const compact = await queues.get('maintenance').getJobScheduler('maintenance:compact');
    expect(compact).toMatchObject({ every: 600_000, template: { opts: { attempts: 2, backoff: DEFAULT_JOB_OPTIONS.backoff } } });
    const prune = await queues.get('maintenance').getJobScheduler('maintenance:prune-archive');
    expect(prune).toMatchObject({ pattern: '17 3 * * *', tz: 'UTC', template: { opts: { attempts: 2, backoff: DEFAULT_JOB_OPTIONS.backoff } } });
    expect(await queues.get('report').getJobScheduler('report:daily')).toMatchObject({
      pattern: '0 7 * * *',
      tz: 'Europe/Berlin',
      template: { data: { scheduled: 'daily' } },
    });
    expect(await queues.get('alerts').getJobScheduler('alerts:evaluate')).toMatchObject({ every: 45_000 });
    // Agent schedulers are not the worker's to register.
    expect(await keys('collect-test-host')).toEqual([]);
  });

  it("each agent registers its host's collection and checks, and drops the checks scheduler when its checks are gone", async () => {
    const host = { id: 'sched-host', tags: [] };
    const withChecks = testConfig({
      prefix,
      raw: { host, agent: { interval: '15s' }, checks: [{ name: 'up', kind: 'tcp', host: '127.0.0.1', port: 1, interval: '30s' }] },
    });
    const first = await syncSchedulers({ queues, role: 'agent', config: withChecks, log: silentLogger() });
    expect(first.active.sort()).toEqual(['checks:sched-host', 'collect:sched-host']);
    expect(await queues.get('collect-sched-host').getJobScheduler('collect:sched-host')).toMatchObject({
      every: 15_000,
      template: { data: { host: 'sched-host' } },
    });
    expect(await queues.get('checks-sched-host').getJobScheduler('checks:sched-host')).toMatchObject({ every: 30_000 });

    const without = testConfig({ prefix, raw: { host, agent: { interval: '15s' } } });
    const second = await syncSchedulers({ queues, role: 'agent', config: without, log: silentLogger() });
    expect(second.removed).toEqual(['checks:sched-host']);
    expect(await keys('checks-sched-host')).toEqual([]);
    expect(await keys('collect-sched-host')).toEqual(['collect:sched-host']);
  });
});
