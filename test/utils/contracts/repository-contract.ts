import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertStore } from '../../../src/alert/alert-store.js';
import type { Notification } from '../../../src/alert/notification.js';
import type { AlertInstance, NotificationLogEntry } from '../../../src/alert/types.js';
import type { DeliveryState } from '../../../src/deliver/delivery-ledger.js';
import type { Ledger, LedgerEntry } from '../../../src/redis/ledger-types.js';
import type { Leases } from '../../../src/redis/lease-types.js';
import type { ReportRequest } from '../../../src/report/model/report-request.js';
import type { ReportRepo } from '../../../src/report/report-repo.js';

/** The repositories one implementation gives the contract; `close` drops them (and their data). */
export type ContractRepos = {
  alertStore: AlertStore;
  notificationLedger: Ledger<LedgerEntry>;
  deliveryLedger: Ledger<DeliveryState>;
  leases: Leases;
  reports: ReportRepo;
  close(): Promise<void>;
};

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12);

const alert = (key: string, o: Partial<AlertInstance> = {}): AlertInstance => ({
  key,
  rule: 'cpu-high',
  host: 'web-1',
  labels: { core: '0' },
  severity: 'warning',
  status: 'firing',
  since: NOW - 60_000,
  firedAt: NOW - 30_000,
  resolvedAt: null,
  value: 97.5,
  message: 'cpu at 97.5%',
  ...o,
});
const notification = (id: string, routes: Record<string, string[]>): Notification => {
  const a = alert('cpu-high/web-1');
  return { id, host: 'web-1', seq: 1, t: NOW, kind: 'firing', firing: [a], resolved: [], active: [a], routes };
};
const logEntry = (id: string, t: number, o: Partial<NotificationLogEntry> = {}): NotificationLogEntry => ({
  id,
  t,
  channel: 'ops',
  kind: 'firing',
  host: 'web-1',
  alerts: ['cpu-high/web-1'],
  outcome: 'sent',
  attempts: 1,
  ...o,
});
const reportRequest = (id: string): ReportRequest => ({
  id,
  name: 'weekly',
  title: '',
  template: 'host',
  hosts: 'all',
  from: NOW - 7 * DAY,
  to: NOW,
  periodKind: 'week',
  timezone: 'UTC',
  locale: 'en',
  formats: ['pdf'],
  recipients: { to: ['ops@example.test'], cc: [], bcc: [] },
  trigger: 'schedule',
});
const empty = { upsert: [], remove: [], resolved: [], groups: [], notifications: [], log: [] };

/**
 * What every implementation of the repositories must do, run against the Redis ones (integration)
 * and the in-memory ones (unit), so unit tests on the latter say something true of the former.
 */
export function repositoryContract(name: string, open: () => Promise<ContractRepos>): void {
  describe(`repository contract: ${name}`, () => {
    let r: ContractRepos;
    beforeEach(async () => {
      r = await open();
    });
    afterEach(async () => {
      await r.close();
    });

    describe('alert store', () => {
      it('commits records, groups, notifications with their outbox, history and log as one decision', async () => {
        const firing = alert('cpu-high/web-1');
        const resolved = alert('disk/web-1', { status: 'resolved', since: NOW - 2 * DAY, resolvedAt: NOW - 1_000 });
        const group = {
          host: 'web-1',
          seq: 1,
          notified: { [firing.key]: NOW },
          heard: { [firing.key]: ['ops'] },
          resolving: {},
          muted: {},
          lastSentAt: NOW,
          pendingSince: null,
        };
        const n = notification('n1', { ops: [firing.key], pager: [firing.key] });
        await r.alertStore.commit(
          {
            upsert: [{ instance: firing, lastDataAt: NOW }],
            remove: [],
            resolved: [resolved],
            groups: [group],
            notifications: [n],
            log: [logEntry('n0/ops', NOW - 5)],
          },
          NOW,
        );
        expect(await r.alertStore.records()).toEqual(new Map([[firing.key, { instance: firing, lastDataAt: NOW }]]));
        expect(await r.alertStore.groups()).toEqual(new Map([['web-1', group]]));
        expect(await r.alertStore.notification('n1')).toEqual(n);
        expect(await r.alertStore.notification('nope')).toBeNull();
        expect((await r.alertStore.outbox()).sort((a, b) => a.field.localeCompare(b.field))).toEqual([
          { field: 'n1/ops', notificationId: 'n1', channel: 'ops' },
          { field: 'n1/pager', notificationId: 'n1', channel: 'pager' },
        ]);
        expect(await r.alertStore.history({ from: NOW - DAY, to: NOW })).toEqual([resolved]);
        // History is by resolution time from `from`, and by start up to `to`.
        expect(await r.alertStore.history({ from: NOW, to: NOW })).toEqual([]);
        expect(await r.alertStore.history({ from: 0, to: NOW - 3 * DAY })).toEqual([]);
        expect(await r.alertStore.log({ from: 0, to: NOW })).toEqual([logEntry('n0/ops', NOW - 5)]);

        await r.alertStore.commit({ ...empty, remove: [firing.key] }, NOW + 1);
        expect((await r.alertStore.records()).size).toBe(0);
        expect((await r.alertStore.groups()).size).toBe(1);
      });

      it('clears outbox entries one by one and keeps the log in time order within the asked window', async () => {
        await r.alertStore.commit({ ...empty, notifications: [notification('n2', { ops: [], mail: [] })] }, NOW);
        await r.alertStore.clearOutbox('n2/ops');
        expect((await r.alertStore.outbox()).map((o) => o.field)).toEqual(['n2/mail']);
        await r.alertStore.appendLog(logEntry('b', NOW + 2));
        await r.alertStore.appendLog(logEntry('a', NOW + 1, { outcome: 'failed', error: 'HTTP 500' }));
        await r.alertStore.appendLog(logEntry('c', NOW + 9));
        expect((await r.alertStore.log({ from: NOW, to: NOW + 5 })).map((e) => [e.id, e.outcome, e.error])).toEqual([
          ['a', 'failed', 'HTTP 500'],
          ['b', 'sent', undefined],
        ]);
      });

      it('prunes history and log older than 400 days on the commits that add to them', async () => {
        const old = alert('old/web-1', { status: 'resolved', since: NOW - 500 * DAY, resolvedAt: NOW - 401 * DAY });
        await r.alertStore.commit({ ...empty, resolved: [old], log: [logEntry('old', NOW - 401 * DAY)] }, NOW - 401 * DAY + 1);
        expect(await r.alertStore.history({ from: 0, to: NOW })).toEqual([old]);
        const fresh = alert('new/web-1', { status: 'resolved', resolvedAt: NOW });
        await r.alertStore.commit({ ...empty, resolved: [fresh], log: [logEntry('new', NOW)] }, NOW);
        expect(await r.alertStore.history({ from: 0, to: NOW })).toEqual([fresh]);
        expect((await r.alertStore.log({ from: 0, to: NOW })).map((e) => e.id)).toEqual(['new']);
      });

      it('serves a cached forecast until it is as old as asked, then not', async () => {
        const samples = [{ labels: { mount: '/' }, value: 3, message: 'full in 3 days' }];
        expect(await r.alertStore.cachedForecast('disk/web-1', 60_000, NOW)).toBeNull();
        await r.alertStore.cacheForecast('disk/web-1', samples, NOW);
        expect(await r.alertStore.cachedForecast('disk/web-1', 60_000, NOW + 59_999)).toEqual(samples);
        expect(await r.alertStore.cachedForecast('disk/web-1', 60_000, NOW + 60_000)).toBeNull();
      });
    });

    describe('report repo', () => {
      it('creates a record once, patches fields without losing others, and logs events in order', async () => {
        const first = await r.reports.create(reportRequest('r1'));
        expect(first).toMatchObject({ id: 'r1', status: 'queued', progress: 0, archiveId: null, files: {}, messageIds: [], error: null });
        await r.reports.update('r1', { status: 'rendered', archiveId: 'e1' });
        // A retried scheduler run: the first record stands, with its progress.
        expect(await r.reports.create(reportRequest('r1'))).toMatchObject({ status: 'rendered', archiveId: 'e1', createdAt: first.createdAt });
        await r.reports.update('r1', { progress: 90, error: undefined });
        expect(await r.reports.get('r1')).toMatchObject({ status: 'rendered', archiveId: 'e1', progress: 90, error: null, request: reportRequest('r1') });
        expect(await r.reports.get('nope')).toBeNull();
        await r.reports.log('r1', { stage: 'rendered', detail: 'pdf' });
        await r.reports.log('r1', { stage: 'sent', detail: '<m>' });
        expect((await r.reports.events('r1')).map((e) => [e.stage, e.detail])).toEqual([
          ['generated', 'schedule request for weekly'],
          ['rendered', 'pdf'],
          ['sent', '<m>'],
        ]);
      });

      it('lists records newest first, as many as asked', async () => {
        for (const id of ['r1', 'r2', 'r3']) await r.reports.create(reportRequest(id));
        expect((await r.reports.list({ limit: 2 })).map((x) => x.id)).toEqual(['r3', 'r2']);
        expect((await r.reports.list()).map((x) => x.id)).toEqual(['r3', 'r2', 'r1']);
      });
    });

    describe('sent-is-final ledger', () => {
      it('reads what was marked, and never overwrites a sent entry', async () => {
        const l = r.notificationLedger;
        expect(await l.read('n1', 'ops')).toBeNull();
        expect(await l.mark('n1', 'ops', { state: 'sending', attempts: 1, at: NOW })).toBe(true);
        expect(await l.mark('n1', 'ops', { state: 'failed', attempts: 1, at: NOW + 1, error: 'timeout' })).toBe(true);
        expect(await l.read('n1', 'ops')).toEqual({ state: 'failed', attempts: 1, at: NOW + 1, error: 'timeout' });
        expect(await l.mark('n1', 'ops', { state: 'sent', attempts: 2, at: NOW + 2 })).toBe(true);
        expect(await l.mark('n1', 'ops', { state: 'failed', attempts: 3, at: NOW + 3, error: 'late' })).toBe(false);
        expect(await l.mark('n1', 'ops', { state: 'sending', attempts: 3, at: NOW + 3 })).toBe(false);
        expect(await l.read('n1', 'ops')).toEqual({ state: 'sent', attempts: 2, at: NOW + 2 });
        // Another destination of the same send is its own entry.
        expect(await l.read('n1', 'pager')).toBeNull();
      });

      it('lists every entry with its id and part, ids with colons included', async () => {
        const l = r.deliveryLedger;
        const head = { seq: 4, hash: 'ab12' };
        await l.mark('weekly:2026-11-20', 'g1', { state: 'sent', messageId: '<m1>', attempts: 1, at: NOW, head });
        await l.mark('daily', 'g2', { state: 'failed', messageId: '<m2>', attempts: 2, at: NOW, error: '421' });
        const rows = (await l.rows()).sort((a, b) => a.id.localeCompare(b.id));
        expect(rows).toEqual([
          { id: 'daily', part: 'g2', entry: { state: 'failed', messageId: '<m2>', attempts: 2, at: NOW, error: '421' } },
          { id: 'weekly:2026-11-20', part: 'g1', entry: { state: 'sent', messageId: '<m1>', attempts: 1, at: NOW, head } },
        ]);
        // The two ledgers do not see each other's entries.
        expect(await r.notificationLedger.rows()).toEqual([]);
      });
    });

    describe('lease', () => {
      it('is held by one holder at a time, who can tell it holds it, until released', async () => {
        const key = 'contract:lease';
        const first = await r.leases.tryAcquire({ key, ttlMs: 5_000 });
        expect(first.lease).not.toBeNull();
        const second = await r.leases.tryAcquire({ key, ttlMs: 5_000 });
        expect(second.lease).toBeNull();
        // The live holder is named: this very process.
        expect(second.lease === null && second.holder?.pid).toBe(process.pid);
        expect(await first.lease!.held()).toBe(true);
        await first.lease!.release();
        expect(await first.lease!.held()).toBe(false);
        const third = await r.leases.tryAcquire({ key, ttlMs: 5_000 });
        expect(third.lease).not.toBeNull();
        await third.lease!.release();
      });

      it('keeps a lease its holder renews past its TTL, and frees other keys independently', async () => {
        const held = await r.leases.tryAcquire({ key: 'contract:renewed', ttlMs: 300 });
        const other = await r.leases.tryAcquire({ key: 'contract:other', ttlMs: 300 });
        expect(other.lease).not.toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 700));
        expect(await held.lease!.held()).toBe(true);
        expect((await r.leases.tryAcquire({ key: 'contract:renewed', ttlMs: 300 })).lease).toBeNull();
        await held.lease!.release();
        await other.lease!.release();
      });
    });
  });
}
