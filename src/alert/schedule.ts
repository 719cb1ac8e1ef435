import type { Queue } from 'bullmq';
import type { AlertsConfig } from '../config/alerts-schema.js';
import { evaluateAlerts } from '../queue/contracts/index.js';
import { syncContractSchedulers } from '../queue/job-schedulers.js';
import { QueueKind } from '../queue/queue-names.js';

// For test/integration/alert/helpers/stack.ts only, until it starts the real worker wiring
// (src/app/schedulers.ts); delete this file then.

/** @deprecated QueueKind.Alerts */
export const ALERTS_QUEUE = QueueKind.Alerts;

/** @deprecated syncSchedulers({ role: 'worker' }) in src/app/schedulers.ts */
export async function syncAlertSchedule(o: { queue: Queue; alerts: AlertsConfig }): Promise<void> {
  const inputs = { host: '', agentIntervalMs: 0, checksTickMs: null, alertsEveryMs: o.alerts.evaluateEvery, reports: [] };
  await syncContractSchedulers({ queue: o.queue, contract: evaluateAlerts, inputs });
}
