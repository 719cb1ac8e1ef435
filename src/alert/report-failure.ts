import { createHash } from 'node:crypto';
import { REPORT_FAILED_RULE } from '../config/alerts-schema.js';
import { createAlertStore } from './alert-store.js';
import { flushOutbox, type AlertDeps } from './evaluate.js';
import type { Notification } from './notification.js';
import { routeNotification } from './routing.js';
import type { AlertInstance } from './types.js';

/**
 * Tells the alert channels that a report could not be rendered or delivered (called when no retry
 * is coming). Once per report: the id is fixed by the report id, and a second call finds it.
 */
export async function notifyReportFailure(o: { deps: AlertDeps; reportId: string; error: string; now?: number }): Promise<{ notificationId: string; created: boolean }> {
  const { deps } = o;
  const now = o.now ?? Date.now();
  const id = createHash('sha256').update(`${REPORT_FAILED_RULE}\n${o.reportId}`).digest('hex').slice(0, 24);
  const store = createAlertStore({ redis: deps.redis, prefix: deps.config.redis.prefix });
  if (await store.notification(id)) return { notificationId: id, created: false };
  const alert: AlertInstance = {
    key: `${REPORT_FAILED_RULE}/${o.reportId}`,
    rule: REPORT_FAILED_RULE,
    host: 'reports',
    labels: { report: o.reportId },
    severity: deps.config.alerts.reportFailures.severity,
    status: 'firing',
    since: now,
    firedAt: now,
    resolvedAt: null,
    value: null,
    message: o.error,
  };
  const planned = { kind: 'report-failed' as const, firing: [alert], resolved: [], active: [alert] };
  const n: Notification = { id, host: 'reports', seq: 0, t: now, ...planned, routes: routeNotification(planned, deps.config.alerts) };
  await store.commit({ upsert: [], remove: [], resolved: [], groups: [], notifications: [n], log: [] }, now);
  await flushOutbox({ deps, alertStore: store });
  return { notificationId: id, created: true };
}
