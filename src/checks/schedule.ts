import type { Queue } from 'bullmq';
import type { ChecksConfig } from '../config/checks-schema.js';
import { runChecks } from '../queue/contracts/index.js';
import { syncContractSchedulers } from '../queue/job-schedulers.js';
import { QueueKind, queueName } from '../queue/queue-names.js';
import { checksForHost, checksTick } from './select-checks.js';

export { checksLockDuration } from './select-checks.js';

// Everything below is for test/integration/alert/helpers/stack.ts only, until it starts the real
// agent wiring (src/app/schedulers.ts); delete this file then.

/** @deprecated queueName(QueueKind.Checks, host) */
export function checksQueueName(host: string): string {
  return queueName(QueueKind.Checks, host);
}

/** @deprecated syncSchedulers({ role: 'agent' }) in src/app/schedulers.ts */
export async function syncCheckSchedule(o: { queue: Queue; host: string; tags: string[]; checks: ChecksConfig }): Promise<{ tickMs: number | null }> {
  const tickMs = checksTick(checksForHost({ checks: o.checks, host: o.host, tags: o.tags }));
  const inputs = { host: o.host, agentIntervalMs: 0, checksTickMs: tickMs, alertsEveryMs: 0, reports: [] };
  await syncContractSchedulers({ queue: o.queue, contract: runChecks, inputs });
  return { tickMs };
}
