import type { JobsOptions } from 'bullmq';
import type { CheckStore } from '../checks/check-store.js';
import type { AlertsConfig } from '../config/alerts-schema.js';
import type { HostRepo } from '../fleet/host-repo.js';
import type { Logger } from '../shared/logger.js';
import type { SeriesStore } from '../store/types.js';
import type { Leases } from '../redis/lease-types.js';
import type { AlertStore } from './alert-store.js';
import { decide, liveRecords } from './decide.js';
import { evaluateRules } from './evaluate-rules.js';
import type { Forecaster } from './forecast-source.js';
import { muteReason, silenceFor, type SilenceStore } from './silences.js';
import type { AlertSnapshots } from './state-snapshot.js';
import type { AlertInstance } from './types.js';

export type SendPayload = { notificationId: string; channel: string };

/** What evaluation needs; AppDeps satisfies it once `alerts` is in the config and the jobs are registered. */
export type AlertDeps = {
  config: { alerts: AlertsConfig; redis: { prefix: string } };
  alertStore: AlertStore;
  checkStore: Pick<CheckStore, 'hosts' | 'states' | 'segments'>;
  silences: Pick<SilenceStore, 'list'>;
  openAlertSnapshots(): Pick<AlertSnapshots, 'file' | 'mirror' | 'restoreIfLost'>;
  leases: Leases;
  hosts: Pick<HostRepo, 'get' | 'list'>;
  store: Pick<SeriesStore, 'range'>;
  log: Logger;
  enqueue(name: 'send-notification', payload: SendPayload, opts?: JobsOptions): Promise<string>;
};

export type EvaluationSummary = { skipped?: 'locked'; instances: number; fired: number; resolved: number; notifications: string[]; enqueued: number };

/**
 * One evaluation: step every alert, plan one message per host with changes, commit all of it in
 * one MULTI, then hand the outbox to the send jobs (one per channel). Runs under a lease.
 */
export async function evaluateAlerts(o: { deps: AlertDeps; now?: number; forecaster?: Forecaster }): Promise<EvaluationSummary> {
  const { deps } = o;
  const { lease } = await deps.leases.tryAcquire({ key: `${deps.config.redis.prefix}:alerts:lock`, ttlMs: 60_000 });
  if (!lease) return { skipped: 'locked', instances: 0, fired: 0, resolved: 0, notifications: [], enqueued: 0 };
  try {
    return await evaluateLocked(o);
  } finally {
    await lease.release();
  }
}

async function evaluateLocked(o: { deps: AlertDeps; now?: number; forecaster?: Forecaster }): Promise<EvaluationSummary> {
  const { deps } = o;
  const now = o.now ?? Date.now();
  const cfg = deps.config.alerts;
  const { alertStore, checkStore: checks } = deps;
  const snapshots = deps.openAlertSnapshots();
  await snapshots.restoreIfLost();
  const [records, groups, silences, checkHosts, fleet] = await Promise.all([
    alertStore.records(),
    alertStore.groups(),
    deps.silences.list(now),
    checks.hosts(),
    deps.hosts.list(),
  ]);
  const hosts = [...new Set([...checkHosts, ...fleet])].sort();
  const inputs = { alerts: cfg, hosts: deps.hosts, store: deps.store, checks, alertStore, ...(o.forecaster ? { forecaster: o.forecaster } : {}) };
  const stepped = await evaluateRules({ inputs, hosts, records: liveRecords(records), now });
  const muted = (a: AlertInstance) => muteReason(a, { silences, maintenance: cfg.maintenance, now });
  const silenceOf = (a: AlertInstance) => silenceFor(a, silences, now)?.id ?? null;
  const { next, lost, ...commit } = decide({ records, stepped, groups, muted, silenceOf, cfg, now });
  for (const l of lost) deps.log.error({ host: l.host, alerts: l.keys }, 'announced alerts vanished without a resolution: receivers were not told they ended');
  const { notifications } = commit;
  await alertStore.commit(commit, now);
  const enqueued = await flushOutbox({ deps, alertStore });
  await mirrorSafely({ snapshots, deps, now, prune: true });
  const fired = stepped.filter((s) => s.change === 'fired').length;
  const resolvedCount = stepped.filter((s) => s.change === 'resolved').length;
  if (fired + resolvedCount > 0) deps.log.info({ fired, resolved: resolvedCount, notifications: notifications.map((n) => n.id) }, 'alerts changed');
  return { instances: next.size, fired, resolved: resolvedCount, notifications: notifications.map((n) => n.id), enqueued };
}

/** The local copy of the alert state; a full disk must not stop alerting, so it is only logged. */
export async function mirrorSafely(o: {
  snapshots: Pick<AlertSnapshots, 'file' | 'mirror'>;
  deps: Pick<AlertDeps, 'log'>;
  now: number;
  prune?: boolean;
}): Promise<void> {
  try {
    await o.snapshots.mirror({ now: o.now, ...(o.prune ? { prune: true } : {}) });
  } catch (err) {
    o.deps.log.error({ file: o.snapshots.file, err: (err as Error).message }, 'alert snapshot not written: a Redis data loss would re-announce alerts');
  }
}

/**
 * Enqueues one send job per outbox entry, with a job id fixed per notification and channel, and
 * only then clears the entry: a crash in between re-enqueues under the same id (a no-op while the
 * job exists) and the ledger stops a second send after that.
 */
export async function flushOutbox(o: { deps: AlertDeps; alertStore: AlertStore }): Promise<number> {
  let n = 0;
  for (const item of await o.alertStore.outbox()) {
    const ch = o.deps.config.alerts.channels[item.channel];
    if (!ch) {
      // Not only a log line: the notification log (console, reports) must show it never went out.
      const dropped = await o.alertStore.notification(item.notificationId);
      o.deps.log.warn({ channel: item.channel, notification: item.notificationId }, 'channel no longer configured: notification dropped');
      const alerts = dropped?.routes[item.channel] ?? [];
      await o.alertStore.appendLog({
        id: `${item.notificationId}/${item.channel}`,
        t: Date.now(),
        channel: item.channel,
        kind: dropped?.kind ?? 'firing',
        host: dropped?.host ?? '-',
        alerts,
        outcome: 'failed',
        attempts: 0,
        error: 'channel no longer configured',
      });
      await o.alertStore.clearOutbox(item.field);
      continue;
    }
    await o.deps.enqueue(
      'send-notification',
      { notificationId: item.notificationId, channel: item.channel },
      { jobId: `notify-${item.notificationId}-${item.channel}`, attempts: ch.retries + 1, backoff: { type: 'exponential', delay: ch.backoff } },
    );
    await o.alertStore.clearOutbox(item.field);
    n++;
  }
  return n;
}
