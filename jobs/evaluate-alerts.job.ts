import { z } from 'zod';
import type { AppDeps } from '../src/app/deps.js';
import { evaluateAlerts, type AlertDeps, type EvaluationSummary } from '../src/alert/evaluate.js';
import { defineJob } from '../src/queue/job-definition.js';
import { QueueKind } from '../src/queue/queue-names.js';

/** AppDeps, which provides AlertDeps once `alerts` is in the config and send-notification is registered. */
type Deps = AppDeps & AlertDeps;

/** Evaluates every alert rule once and queues the resulting notifications (one job per channel). */
export const evaluateAlertsJob = defineJob({
  name: 'evaluate-alerts',
  queue: QueueKind.Alerts,
  schema: z.strictObject({}),
  // The next evaluation is one tick away and decides from stored state, so a failed one is not retried.
  options: { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 100, age: 86_400 } },
  // The return type is spelled out: inferring it would make the registry's types circular.
  handler: async ({ deps }: { payload: Record<string, never>; deps: Deps }): Promise<EvaluationSummary> => evaluateAlerts({ deps }),
});
