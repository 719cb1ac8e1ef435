import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertKeys, createAlertStore, createNotificationLedger } from '../../../src/alert/alert-store.js';
import type { Notification } from '../../../src/alert/notification.js';
import type { AlertInstance } from '../../../src/alert/types.js';
import { boot } from '../../../src/app/boot.js';
import { layoutMarker, migrateKeyLayout } from '../../../src/app/key-layout-migration.js';
import { queuePrefix } from '../../../src/queue/queue-names.js';
import { createReportRepo } from '../../../src/report/report-repo.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { captureLog } from '../../utils/log-capture.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { testConfig } from '../../utils/test-config.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const alert: AlertInstance = {
  key: 'cpu-high/web-1',
  rule: 'cpu-high',
  host: 'web-1',
  labels: {},
  severity: 'warning',
  status: 'resolved',
  since: NOW - 60_000,
  firedAt: NOW - 30_000,
  resolvedAt: NOW - 1_000,
  value: 97,
  message: 'cpu at 97%',
};
const notification: Notification = {
  id: 'n1',
  host: 'web-1',
  seq: 1,
  t: NOW,
  kind: 'firing',
  firing: [alert],
  resolved: [],
  active: [alert],
  routes: { ops: ['a@example.test'] },
};

async function keysOf(redis: Redis, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out.sort();
}

/** The layout before hash tags: the current one with its tags taken out. */
function oldName(prefix: string, key: string): string {
  return key.replace(`${prefix}:{alerts}:`, `${prefix}:alerts:`).replace(/:report:\{r:(.*?)\}/, ':report:$1');
}

describe('moving alert and report keys to the Cluster-safe layout', () => {
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    redis = new Redis(TEST_REDIS_URL);
    prefix = testPrefix();
  });
  afterEach(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  /** Real data written by the stores, then renamed to the old layout, and queues of the old layout. `current`: the new-layout keys. */
  async function writeOldLayout(): Promise<{ current: string[]; queued: string[] }> {
    const alerts = createAlertStore({ redis, prefix });
    await redis.set(alertKeys(prefix).epoch, 'e1');
    await alerts.commit(
      {
        upsert: [],
        remove: [],
        resolved: [alert],
        groups: [],
        notifications: [notification],
        log: [{ id: 'n1', t: NOW, channel: 'ops', kind: 'firing', host: 'web-1', alerts: [alert.key], outcome: 'sent', attempts: 1 }],
      },
      NOW,
    );
    await createNotificationLedger({ redis, prefix }).mark('n1', 'ops', { state: 'sent', attempts: 1, at: NOW });
    const reports = createReportRepo({ redis, prefix });
    for (const id of ['weekly-1', 'weekly-2']) {
      await reports.create({
        id,
        name: 'weekly',
        title: '',
        template: 'host',
        hosts: 'all',
        from: 0,
        to: NOW,
        periodKind: 'week',
        timezone: 'UTC',
        locale: 'en',
        formats: ['pdf'],
        recipients: { to: ['ops@example.test'], cc: [], bcc: [] },
        trigger: 'schedule',
      });
      await reports.log(id, { stage: 'rendered', detail: 'pdf' });
    }
    const current = await keysOf(redis, prefix);
    for (const key of current) await redis.rename(key, oldName(prefix, key));
    // A lease of the old layout: left to expire, not renamed.
    await redis.set(`${prefix}:report:weekly-1:lock`, 'w', 'PX', 60_000);
    // Queues of the old layout (prefix untagged), two of them named like the alert and report keys.
    for (const [name, jobId] of [
      ['report', 'catchup-weekly-1'],
      ['alerts', 'notify-n1-ops'],
      ['collect-web-1', 'c1'],
    ] as const) {
      const q = new Queue(name, { connection: redis, prefix });
      await q.add('job', {}, { jobId });
      await q.add('later', {}, { jobId: `${jobId}-later`, delay: 60_000 });
      if (name === 'collect-web-1') await q.upsertJobScheduler('collect', { every: 60_000 }, { name: 'collect' });
      await q.close();
    }
    const queued = (await keysOf(redis, prefix)).filter((k) => !current.map((c) => oldName(prefix, c)).includes(k) && !k.endsWith(':lock'));
    return { current, queued };
  }

  /** Where a queue key of the old layout goes. */
  const movedQueueKey = (key: string) => {
    const name = key.slice(prefix.length + 1).split(':')[0]!;
    return `${queuePrefix(prefix, name)}:${key.slice(prefix.length + 1)}`;
  };

  it('renames every old key once, and the stores read the data back', async () => {
    const { current, queued } = await writeOldLayout();
    expect(queued.length).toBeGreaterThan(15);
    // 8 alert keys, 2 records and 2 ledgers; the report index keeps its name.
    expect(current).toHaveLength(13);
    const r = await migrateKeyLayout({ redis, prefix, log: silentLogger() });
    expect(r).toEqual({ renamed: 12 + queued.length, kept: [], queuesInUse: [] });
    const expected = [...current, ...queued.map(movedQueueKey), layoutMarker(prefix), `${prefix}:report:weekly-1:lock`].sort();
    expect(await keysOf(redis, prefix)).toEqual(expected);

    // The queues carry on under their tagged prefix: jobs, delays, schedulers.
    const reportQueue = new Queue('report', { connection: redis, prefix: queuePrefix(prefix, 'report') });
    expect((await reportQueue.getJob('catchup-weekly-1'))?.name).toBe('job');
    expect(await reportQueue.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 1, delayed: 1 });
    await reportQueue.close();
    const collect = new Queue('collect-web-1', { connection: redis, prefix: queuePrefix(prefix, 'collect-web-1') });
    expect((await collect.getJobSchedulers()).map((j) => j.key)).toEqual(['collect']);
    await collect.close();
    const ran: string[] = [];
    const worker = new Worker('alerts', async (job) => void ran.push(job.id ?? ''), {
      connection: redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: queuePrefix(prefix, 'alerts'),
    });
    await expect.poll(() => ran, { timeout: 5_000 }).toEqual(['notify-n1-ops']);
    await worker.close();

    const alerts = createAlertStore({ redis, prefix });
    expect(await alerts.outbox()).toMatchObject([{ notificationId: 'n1', channel: 'ops' }]);
    expect(await alerts.notification('n1')).toEqual(notification);
    expect(await alerts.history({ from: 0, to: NOW })).toEqual([alert]);
    expect(await alerts.log({ from: 0, to: NOW })).toHaveLength(1);
    expect(await createNotificationLedger({ redis, prefix }).read('n1', 'ops')).toMatchObject({ state: 'sent' });
    const reports = createReportRepo({ redis, prefix });
    expect((await reports.list()).map((x) => x.id)).toEqual(['weekly-2', 'weekly-1']);
    expect((await reports.events('weekly-1')).map((e) => e.stage)).toEqual(['generated', 'rendered']);

    // Idempotent: the marker ends it, and without the marker nothing old is left to rename.
    expect(await migrateKeyLayout({ redis, prefix, log: silentLogger() })).toBeNull();
    await redis.del(layoutMarker(prefix));
    const before = await keysOf(redis, prefix);
    expect(await migrateKeyLayout({ redis, prefix, log: silentLogger() })).toEqual({ renamed: 0, kept: [], queuesInUse: [] });
    expect(await keysOf(redis, prefix)).toEqual([...before, layoutMarker(prefix)].sort());
  });

  it('never overwrites a new-layout key, says so, and looks again on the next start', async () => {
    const { queued } = await writeOldLayout();
    const k = alertKeys(prefix);
    await redis.set(k.epoch, 'new');
    const { log, warnings } = captureLog();
    const r = await migrateKeyLayout({ redis, prefix, log });
    expect(r?.kept).toEqual([`${prefix}:alerts:epoch`]);
    expect(r?.renamed).toBe(11 + queued.length);
    expect(await redis.get(k.epoch)).toBe('new');
    expect(warnings()).toHaveLength(1);
    expect(await redis.exists(layoutMarker(prefix))).toBe(0);
    await redis.del(`${prefix}:alerts:epoch`);
    expect(await migrateKeyLayout({ redis, prefix, log })).toEqual({ renamed: 0, kept: [], queuesInUse: [] });
    expect(await redis.exists(layoutMarker(prefix))).toBe(1);
  });

  it('leaves a queue whole that a process of the new layout already uses, and finishes the rest', async () => {
    const { queued } = await writeOldLayout();
    // An agent of the new version started first: its queue has keys under the new prefix.
    const q = new Queue('collect-web-1', { connection: redis, prefix: queuePrefix(prefix, 'collect-web-1') });
    await q.add('job', {}, { jobId: 'new-1' });
    await q.close();
    const { log, warnings } = captureLog();
    const r = await migrateKeyLayout({ redis, prefix, log });
    const collectOld = queued.filter((k) => k.startsWith(`${prefix}:collect-web-1:`));
    expect(collectOld.length).toBeGreaterThan(3);
    expect(r).toEqual({ renamed: 12 + queued.length - collectOld.length, kept: [], queuesInUse: ['collect-web-1'] });
    expect(warnings()).toHaveLength(1);
    const after = await keysOf(redis, prefix);
    for (const key of collectOld) expect(after).toContain(key);
    expect(await redis.get(layoutMarker(prefix))).not.toBeNull();
  });

  it('runs when the app boots', async () => {
    const { current, queued } = await writeOldLayout();
    const booted = await boot({ config: testConfig({ prefix }), log: silentLogger(), startEmbedded: false });
    await booted.close();
    const after = await keysOf(redis, prefix);
    for (const key of [...current, ...queued.map(movedQueueKey)]) expect(after).toContain(key);
    expect(after.filter((key) => key.startsWith(`${prefix}:alerts:state`) || key === `${prefix}:report:weekly-2`)).toEqual([]);
  });
});
