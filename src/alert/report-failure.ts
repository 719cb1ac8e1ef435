import { createHash } from 'node:crypto';
import { REPORT_FAILED_RULE, REPORT_UNDELIVERED_RULE } from '../config/alerts-schema.js';
import { flushOutbox, type AlertDeps } from './evaluate.js';
import type { Notification } from './notification.js';
import { routeNotification } from './routing.js';
import type { AlertInstance } from './types.js';

type ReportProblem = { rule: typeof REPORT_FAILED_RULE | typeof REPORT_UNDELIVERED_RULE; severity: AlertInstance['severity'] };

/**
 * Tells the alert channels that a report could not be rendered (`report-failed`) or not delivered
 * by its deadline (`report-undelivered`); called when no retry is coming. Once per report and
 * `round` (a delivery retried by hand is a new round): the id is fixed by them, and a second call
 * finds it.
 */
export async function notifyReportFailure(o: {
  deps: AlertDeps;
  reportId: string;
  error: string;
  now?: number;
  undelivered?: boolean;
  round?: string;
}): Promise<{ notificationId: string; created: boolean }> {
  const { deps } = o;
  const now = o.now ?? Date.now();
  const problem: ReportProblem = o.undelivered
    ? { rule: REPORT_UNDELIVERED_RULE, severity: deps.config.alerts.reportUndelivered.severity }
    : { rule: REPORT_FAILED_RULE, severity: deps.config.alerts.reportFailures.severity };
  const id = createHash('sha256')
    .update([problem.rule, o.reportId, ...(o.round ? [o.round] : [])].join('\n'))
    .digest('hex')
    .slice(0, 24);
  const store = deps.alertStore;
  if (await store.notification(id)) return { notificationId: id, created: false };
  const alert: AlertInstance = {
    key: `${problem.rule}/${o.reportId}`,
    rule: problem.rule,
    host: 'reports',
    labels: { report: o.reportId },
    severity: problem.severity,
    status: 'firing',
    since: now,
    firedAt: now,
    resolvedAt: null,
    value: null,
    message: o.error,
  };
  const planned = { kind: problem.rule, firing: [alert], resolved: [], active: [alert] };
  const n: Notification = { id, host: 'reports', seq: 0, t: now, ...planned, routes: routeNotification(planned, deps.config.alerts) };
  if (Object.keys(n.routes).length === 0)
    deps.log.error({ report: o.reportId, rule: problem.rule, error: o.error }, 'no alert channel takes this report alert: configure alerts.channels');
  await store.commit({ upsert: [], remove: [], resolved: [], groups: [], notifications: [n], log: [] }, now);
  await flushOutbox({ deps, alertStore: store });
  return { notificationId: id, created: true };
}
