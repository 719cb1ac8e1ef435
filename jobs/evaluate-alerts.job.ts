import { z } from 'zod';
import { evaluateAlerts, type AlertDeps } from '../src/alert/evaluate.js';
import { defineJob } from '../src/queue/job-definition.js';
import type { QueueKind } from '../src/queue/queue-names.js';

/** Evaluates every alert rule once and queues the resulting notifications (one job per channel). */
export const evaluateAlertsJob = defineJob({
  name: 'evaluate-alerts',
  // Becomes QueueKind.Alerts once that kind exists.
  queue: 'alerts' as string as QueueKind,
  schema: z.strictObject({}),
  // The next evaluation is one tick away and decides from stored state, so a failed one is not retried.
  options: { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 100, age: 86_400 } },
  handler: async ({ deps }: { payload: Record<string, never>; deps: AlertDeps }) => evaluateAlerts({ deps }),
});
