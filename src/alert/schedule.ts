import type { Queue } from 'bullmq';
import type { AlertsConfig } from '../config/alerts-schema.js';
import { evaluateAlerts, jobOptions } from '../queue/contracts/index.js';

/** The queue evaluation runs on (shared by workers; the lease keeps it to one at a time). */
export const ALERTS_QUEUE = 'alerts';

/** One scheduler for the whole fleet: evaluation every `alerts.evaluateEvery`. Upsert makes a restart a no-op. */
export async function syncAlertSchedule(o: { queue: Queue; alerts: AlertsConfig }): Promise<void> {
  await o.queue.upsertJobScheduler(
    'alerts:evaluate',
    { every: o.alerts.evaluateEvery },
    { name: evaluateAlerts.name, data: {}, opts: jobOptions(evaluateAlerts) },
  );
}
