import type { QueueKind } from '../src/queue/queue-names.js';
import { collectSnapshotJob } from './collect-snapshot.job.js';
import { runChecksJob } from './run-checks.job.js';

/**
 * The handlers of the agent's own queues, apart from jobs/registry.ts: an agent process imports
 * only these, never the report, delivery and alert code (with ECharts, pdf-lib, juice) that the
 * other handlers pull in, which would add tens of MB to its RSS.
 */
export const AGENT_HANDLERS = [collectSnapshotJob, runChecksJob] as const;

export type AgentJob = (typeof AGENT_HANDLERS)[number];

export function agentHandlersFor(queue: QueueKind): AgentJob[] {
  return AGENT_HANDLERS.filter((h) => h.queue === queue);
}
