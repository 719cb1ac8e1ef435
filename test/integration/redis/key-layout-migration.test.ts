import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertKeys, createAlertStore, createNotificationLedger } from '../../../src/alert/alert-store.js';
import type { Notification } from '../../../src/alert/notification.js';
import type { AlertInstance } from '../../../src/alert/types.js';
import { boot } from '../../../src/app/boot.js';
import { layoutMarker, migrateKeyLayout } from '../../../src/app/key-layout-migration.js';
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

  /** Real data written by the stores, then renamed to the old layout. Returns the new-layout keys. */
  async function writeOldLayout(): Promise<string[]> {
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
    // The queues named `alerts` and `report` share those names: their keys must stay as they are.
    for (const [name, jobId] of [
      ['report', 'catchup-weekly-1'],
      ['alerts', 'notify-n1-ops'],
    ] as const) {
      const q = new Queue(name, { connection: redis, prefix });
      await q.add('job', {}, { jobId });
      await q.add('later', {}, { jobId: `${jobId}-later`, delay: 60_000 });
      await q.close();
    }
    return current;
  }

  it('renames every old key once, and the stores read the data back', async () => {
    const current = await writeOldLayout();
    const queued = (await keysOf(redis, prefix)).filter((k) => /:(report|alerts):(catchup|notify|wait|meta|events|id|delayed|marker)/.test(k));
    expect(queued.length).toBeGreaterThan(8);
    // 8 alert keys, 2 records and 2 ledgers; the report index keeps its name.
    expect(current).toHaveLength(13);
    const r = await migrateKeyLayout({ redis, prefix, log: silentLogger() });
    expect(r).toEqual({ renamed: 12, kept: [] });
    expect(await keysOf(redis, prefix)).toEqual([...current, ...queued, layoutMarker(prefix), `${prefix}:report:weekly-1:lock`].sort());
    const reportQueue = new Queue('report', { connection: redis, prefix });
    expect((await reportQueue.getJob('catchup-weekly-1'))?.name).toBe('job');
    expect(await reportQueue.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 1, delayed: 1 });
    await reportQueue.close();

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
    expect(await migrateKeyLayout({ redis, prefix, log: silentLogger() })).toEqual({ renamed: 0, kept: [] });
    expect(await keysOf(redis, prefix)).toEqual([...current, ...queued, layoutMarker(prefix), `${prefix}:report:weekly-1:lock`].sort());
  });

  it('never overwrites a new-layout key, says so, and looks again on the next start', async () => {
    await writeOldLayout();
    const k = alertKeys(prefix);
    await redis.set(k.epoch, 'new');
    const { log, warnings } = captureLog();
    const r = await migrateKeyLayout({ redis, prefix, log });
    expect(r?.kept).toEqual([`${prefix}:alerts:epoch`]);
    expect(r?.renamed).toBe(11);
    expect(await redis.get(k.epoch)).toBe('new');
    expect(warnings()).toHaveLength(1);
    expect(await redis.exists(layoutMarker(prefix))).toBe(0);
    await redis.del(`${prefix}:alerts:epoch`);
    expect(await migrateKeyLayout({ redis, prefix, log })).toEqual({ renamed: 0, kept: [] });
    expect(await redis.exists(layoutMarker(prefix))).toBe(1);
  });

  it('runs when the app boots', async () => {
    const current = await writeOldLayout();
    const booted = await boot({ config: testConfig({ prefix }), log: silentLogger(), startEmbedded: false });
    await booted.close();
    const after = await keysOf(redis, prefix);
    for (const key of current) expect(after).toContain(key);
    expect(after.filter((key) => key.startsWith(`${prefix}:alerts:state`) || key === `${prefix}:report:weekly-2`)).toEqual([]);
  });
});
