import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { catchUpMissedRuns } from '../../../src/app/catch-up.js';
import { scheduleInputs } from '../../../src/app/schedulers.js';
import { renderReport } from '../../../src/queue/contracts/index.js';
import { syncContractSchedulers } from '../../../src/queue/job-schedulers.js';
import { createReportRepo } from '../../../src/report/report-repo.js';
import { runsBetween } from '../../../src/report/schedule-times.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { testConfig } from '../../utils/test-config.js';
import { queuePrefix } from '../../../src/queue/queue-names.js';

// Schedules follow the config, and runs missed while nothing ran are caught up exactly once.
describe('report schedules', () => {
  const prefix = testPrefix();
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('report', { connection: redis, prefix: queuePrefix(prefix, 'report') });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  it('registers each scheduled report and removes one that left the config', async () => {
    const both = testConfig({
      prefix,
      raw: { reports: { daily: { schedule: '0 7 * * *' }, weekly: { schedule: '0 8 * * 1', timezone: 'Asia/Shanghai' }, adhoc: {} } },
    });
    expect((await syncContractSchedulers({ queue, contract: renderReport, inputs: scheduleInputs(both) })).active).toEqual(['report:daily', 'report:weekly']);
    expect((await queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual(['report:daily', 'report:weekly']);
    const weekly = (await queue.getJobSchedulers()).find((s) => s.key === 'report:weekly')!;
    expect(weekly.tz).toBe('Asia/Shanghai');

    const onlyDaily = testConfig({ prefix, raw: { reports: { daily: { schedule: '0 7 * * *' } } } });
    const again = await syncContractSchedulers({ queue, contract: renderReport, inputs: scheduleInputs(onlyDaily) });
    expect(again.removed).toEqual(['report:weekly']);
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['report:daily']);
  });

  it('catches up the runs missed while down, once, and never before the schedule existed', async () => {
    const config = testConfig({ prefix, raw: { reports: { hourly: { schedule: '0 * * * *', catchUp: '1d' } } } });
    const reports = createReportRepo({ redis, prefix });
    const now = Date.now();
    // First start: the schedule is new, so nothing counts as missed.
    expect(await catchUpMissedRuns({ queue, redis, config, reports, log: silentLogger(), now })).toEqual([]);
    // The worker was down for five hours.
    const later = now + 5 * 3_600_000;
    const missed = await catchUpMissedRuns({ queue, redis, config, reports, log: silentLogger(), now: later });
    const expected = runsBetween(config.reports.hourly!, now, later - 60_000).map((t) => `hourly-${t}`);
    expect(missed).toEqual(expected);
    expect(missed.length).toBeGreaterThanOrEqual(4);
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.filter((j) => j.name === 'render-report' && j.id?.startsWith('catchup-hourly-'))).toHaveLength(missed.length);
    // A second start at the same moment finds the jobs already queued: no duplicates.
    await catchUpMissedRuns({ queue, redis, config, reports, log: silentLogger(), now: later });
    expect((await queue.getJobs(['waiting'])).filter((j) => j.id?.startsWith('catchup-hourly-'))).toHaveLength(missed.length);
  });
});
