import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ZReportConfig } from '../../../src/config/schema.js';
import { nextRuns } from '../../../src/report/schedule-times.js';
import { fireTime } from '../../../jobs/render-report.job.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { queuePrefix } from '../../../src/queue/queue-names.js';

// The real BullMQ job scheduler, with an IANA zone, on both sides of the next DST transitions.
describe('BullMQ job schedulers in Europe/Berlin', () => {
  const prefix = testPrefix();
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('report', { connection, prefix: queuePrefix(prefix, 'report') });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
    await cleanupPrefix(prefix);
  });

  const cases = [
    { start: '2027-03-26T12:00:00Z', expect: '2027-03-27T06:00:00.000Z' }, // CET, UTC+1
    { start: '2027-03-27T12:00:00Z', expect: '2027-03-28T05:00:00.000Z' }, // CEST, UTC+2: the spring day
    { start: '2027-10-30T12:00:00Z', expect: '2027-10-31T06:00:00.000Z' }, // CET again: the autumn day
  ];

  for (const c of cases) {
    it(`fires at 07:00 local after ${c.start}`, async () => {
      const id = `report:dst-${c.start}`;
      await queue.upsertJobScheduler(
        id,
        { pattern: '0 7 * * *', tz: 'Europe/Berlin', startDate: new Date(c.start) },
        { name: 'render-report', data: { scheduled: 'dst' } },
      );
      const scheduler = await queue.getJobScheduler(id);
      expect(new Date(scheduler!.next!).toISOString()).toBe(c.expect);
      // Our own next-run computation (console, catch-up) agrees with BullMQ's.
      const ours = nextRuns(ZReportConfig.parse({ schedule: '0 7 * * *', timezone: 'Europe/Berlin' }), Date.parse(c.start), 1)[0]!;
      expect(new Date(ours).toISOString()).toBe(c.expect);
    });
  }

  it('reads the fire time BullMQ gave the job', async () => {
    await queue.upsertJobScheduler(
      'report:weekly-fire',
      { pattern: '0 8 * * 1', tz: 'Europe/Berlin' },
      { name: 'render-report', data: { scheduled: 'weekly' } },
    );
    const job = (await queue.getDelayed()).find((j) => j.repeatJobKey === 'report:weekly-fire');
    const scheduler = await queue.getJobScheduler('report:weekly-fire');
    expect(fireTime(job!)).toBe(scheduler!.next);
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
        new Date(fireTime(job!)),
      ),
    ).toBe('Mon 08:00');
  });
});
