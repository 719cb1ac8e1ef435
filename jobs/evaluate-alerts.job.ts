import { evaluateAlerts as evaluate } from '../src/alert/evaluate.js';
import { evaluateAlerts } from '../src/queue/contracts/index.js';
import { defineHandler } from './define-handler.js';

/** Evaluates every alert rule once and queues the resulting notifications (one job per channel). */
export const evaluateAlertsJob = defineHandler(evaluateAlerts, {
  handler: async ({ deps }) => evaluate({ deps }),
});
