import { describe, expect, it } from 'vitest';
import type { AlertDeps, SendPayload } from '../../../src/alert/evaluate.js';
import { evaluateAlerts } from '../../../src/alert/evaluate.js';
import { notifyReportFailure } from '../../../src/alert/report-failure.js';
import { NotificationMissingError, sendNotification, type SendDeps } from '../../../src/alert/send-notification.js';
import type { NotificationSend } from '../../../src/alert/alert-store.js';
import { initialState, type CheckState } from '../../../src/checks/check-state.js';
import { ZAlertsConfig } from '../../../src/config/alerts-schema.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { createMemoryAlertStore } from '../../utils/memory/memory-alert-store.js';
import { createMemoryLeases } from '../../utils/memory/memory-leases.js';
import { createMemoryLedger } from '../../utils/memory/memory-ledger.js';
import { createMemoryMailer } from '../../utils/memory/memory-mailer.js';

const T = Date.UTC(2026, 10, 20, 12);

/** A check that wants a restart its budget no longer allows: the built-in restart-budget alert fires on it. */
const exhausted: CheckState = {
  ...initialState('svc', 30_000),
  status: 'fail',
  lastRunAt: T,
  restart: { lastAt: T - 60_000, graceUntil: T - 50_000, streak: 3, pending: null, exhaustedAt: T - 1_000, resumeAt: T + 3_600_000 },
};

function world() {
  const alerts = ZAlertsConfig.parse({ groupWait: '0s', channels: { ops: { type: 'email', to: ['ops@example.test'], retries: 2 } } });
  const alertStore = createMemoryAlertStore();
  const leases = createMemoryLeases();
  const notificationLedger = createMemoryLedger<NotificationSend>();
  const mailer = createMemoryMailer();
  const enqueued: Array<{ payload: SendPayload; jobId: string | undefined; attempts: number | undefined }> = [];
  const mirrors: number[] = [];
  const deps: AlertDeps = {
    config: { alerts, redis: { prefix: 'unit' } },
    alertStore,
    checkStore: { hosts: async () => ['app-1'], states: async () => new Map([['svc', exhausted]]), segments: async () => [] },
    silences: { list: async () => [] },
    openAlertSnapshots: () => ({
      file: '(memory)',
      mirror: async (m) => (mirrors.push(m.now), 'written'),
      restoreIfLost: async () => null,
    }),
    leases,
    hosts: { get: async () => null, list: async () => [] },
    store: { range: async () => [] },
    log: silentLogger(),
    enqueue: async (_name, payload, opts) => (enqueued.push({ payload, jobId: opts?.jobId, attempts: opts?.attempts }), opts?.jobId ?? 'job'),
  };
  const send: SendDeps = { config: { alerts, mail: { from: 'checkup@example.test' } }, alertStore, notificationLedger, mailer, log: silentLogger() };
  return { deps, send, alertStore, leases, notificationLedger, mailer, enqueued, mirrors };
}

describe('alert evaluation against the repositories', () => {
  it('fires once, commits the notification and hands one send per channel to the queue, then stays quiet', async () => {
    const w = world();
    const first = await evaluateAlerts({ deps: w.deps, now: T });
    expect(first).toMatchObject({ instances: 1, fired: 1, resolved: 0, enqueued: 1 });
    expect(first.notifications).toHaveLength(1);
    const id = first.notifications[0]!;
    expect(w.enqueued).toEqual([{ payload: { notificationId: id, channel: 'ops' }, jobId: `notify-${id}-ops`, attempts: 3 }]);
    expect(await w.alertStore.outbox()).toEqual([]);
    expect((await w.alertStore.notification(id))?.firing.map((a) => a.key)).toEqual(['restart-budget/app-1/check=svc']);
    expect(w.mirrors).toEqual([T]);

    const again = await evaluateAlerts({ deps: w.deps, now: T + 30_000 });
    expect(again).toMatchObject({ instances: 1, fired: 0, notifications: [], enqueued: 0 });
    expect(w.enqueued).toHaveLength(1);
  });

  it('skips, committing nothing, while another evaluation holds the lease', async () => {
    const w = world();
    const other = await w.leases.tryAcquire({ key: 'unit:alerts:lock', ttlMs: 60_000 });
    expect(await evaluateAlerts({ deps: w.deps, now: T })).toMatchObject({ skipped: 'locked', notifications: [] });
    expect(w.alertStore.gen()).toBe(0);
    await other.lease!.release();
    expect((await evaluateAlerts({ deps: w.deps, now: T })).fired).toBe(1);
    // Released after the evaluation: the next one gets it.
    expect((await w.leases.tryAcquire({ key: 'unit:alerts:lock', ttlMs: 60_000 })).lease).not.toBeNull();
  });
});

describe('sending a notification against the repositories', () => {
  const fired = async () => {
    const w = world();
    const id = (await evaluateAlerts({ deps: w.deps, now: T })).notifications[0]!;
    return { w, id };
  };

  it('sends once: a second job or a retry finds the ledger entry sent and sends nothing', async () => {
    const { w, id } = await fired();
    expect(await sendNotification({ deps: w.send, notificationId: id, channel: 'ops', attempt: 1, maxAttempts: 3 })).toEqual({});
    expect(await sendNotification({ deps: w.send, notificationId: id, channel: 'ops', attempt: 2, maxAttempts: 3 })).toEqual({ skipped: 'already-sent' });
    expect(w.mailer.sent).toHaveLength(1);
    expect(w.mailer.sent[0]!.to).toEqual(['ops@example.test']);
    expect((await w.notificationLedger.read(id, 'ops'))?.state).toBe('sent');
    const log = await w.alertStore.log({ from: 0, to: Date.now() + 1_000 });
    expect(log.map((e) => [e.id, e.outcome, e.attempts])).toEqual([[`${id}/ops`, 'sent', 1]]);
  });

  it('throws each failed attempt for the queue to retry, logs only the last, and sends on a later success', async () => {
    const { w, id } = await fired();
    w.mailer.refuseNext(new Error('421 try later'), new Error('421 try later'));
    const attempt = (n: number) => sendNotification({ deps: w.send, notificationId: id, channel: 'ops', attempt: n, maxAttempts: 2 });
    await expect(attempt(1)).rejects.toThrow('421 try later');
    expect(await w.notificationLedger.read(id, 'ops')).toMatchObject({ state: 'failed', attempts: 1, error: '421 try later' });
    expect(await w.alertStore.log({ from: 0, to: Date.now() + 1_000 })).toEqual([]);
    await expect(attempt(2)).rejects.toThrow('421 try later');
    expect((await w.alertStore.log({ from: 0, to: Date.now() + 1_000 })).map((e) => [e.outcome, e.error])).toEqual([['failed', '421 try later']]);
    // A `retry` by hand later: it goes out, and the ledger says so for good.
    expect(await attempt(3)).toEqual({});
    expect(w.mailer.sent).toHaveLength(1);
    expect(await w.notificationLedger.mark(id, 'ops', { state: 'failed', attempts: 4, at: T })).toBe(false);
  });

  it('fails for good when the notification is gone (expired), without touching the ledger', async () => {
    const w = world();
    await expect(sendNotification({ deps: w.send, notificationId: 'gone', channel: 'ops', attempt: 1, maxAttempts: 3 })).rejects.toBeInstanceOf(
      NotificationMissingError,
    );
    expect(await w.notificationLedger.rows()).toEqual([]);
  });
});

describe('report failure alerts against the repositories', () => {
  it('queue one notification per report and round, however often the failure is reported', async () => {
    const w = world();
    const first = await notifyReportFailure({ deps: w.deps, reportId: 'daily-1', error: 'SMTP 552', now: T, undelivered: true, round: '1' });
    const second = await notifyReportFailure({ deps: w.deps, reportId: 'daily-1', error: 'SMTP 552', now: T + 5, undelivered: true, round: '1' });
    const nextRound = await notifyReportFailure({ deps: w.deps, reportId: 'daily-1', error: 'SMTP 552', now: T + 9, undelivered: true, round: '2' });
    expect([first.created, second.created, nextRound.created]).toEqual([true, false, true]);
    expect(second.notificationId).toBe(first.notificationId);
    expect(nextRound.notificationId).not.toBe(first.notificationId);
    expect(w.enqueued.map((e) => e.payload.notificationId)).toEqual([first.notificationId, nextRound.notificationId]);
    expect((await w.alertStore.notification(first.notificationId))?.kind).toBe('report-undelivered');
  });
});
