import { JOB_CONTRACTS, type JobName } from '../src/queue/contracts/index.js';
import type { QueueKind } from '../src/queue/queue-names.js';
import { AGENT_HANDLERS } from './agent-handlers.js';
import { compactStoreJob } from './compact-store.job.js';
import { renderReportJob } from './render-report.job.js';
import { sendReportJob } from './send-report.job.js';
import { evaluateAlertsJob } from './evaluate-alerts.job.js';
import { sendNotificationJob } from './send-notification.job.js';
import { pruneArchiveJob } from './prune-archive.job.js';

/** The handler of every contract in src/queue/contracts. Only the composition root (src/app, src/cli) imports this. */
export const HANDLERS = [...AGENT_HANDLERS, renderReportJob, sendReportJob, compactStoreJob, evaluateAlertsJob, sendNotificationJob, pruneArchiveJob] as const;

export type RegisteredJob = (typeof HANDLERS)[number];

export function handlersFor(queue: QueueKind): RegisteredJob[] {
  return HANDLERS.filter((h) => h.queue === queue);
}

/** Fails loudly at boot unless every contract has exactly one handler and every handler a contract, as Immich does. */
export function assertRegistryValid(handlers: readonly { name: string }[] = HANDLERS, contracts: readonly { name: string }[] = JOB_CONTRACTS): void {
  const count = new Map<string, number>();
  for (const h of handlers) count.set(h.name, (count.get(h.name) ?? 0) + 1);
  for (const c of contracts) {
    const n = count.get(c.name) ?? 0;
    if (n === 0) throw new Error(`job "${c.name}" has a contract but no handler`);
    if (n > 1) throw new Error(`job "${c.name}" has ${n} handlers`);
  }
  const known = new Set(contracts.map((c) => c.name));
  for (const h of handlers) if (!known.has(h.name)) throw new Error(`handler "${h.name}" has no contract`);
}

// A handler list that misses a contract name fails to compile, before boot would.
const _complete: Record<JobName, true> = Object.fromEntries(HANDLERS.map((h) => [h.name, true])) as Record<RegisteredJob['name'], true>;
void _complete;
