import { availableParallelism } from 'node:os';
import { QueueKind } from './queue-names.js';

/**
 * Which process consumes each queue, how many jobs at once, and whose lock settings apply:
 * `jobs` is the configured `jobs.lockDuration`/`stalledInterval`, `checks` is sized from the
 * slowest check (checksLockDuration), `default` is BullMQ's. Per-host queues belong to the agent.
 */
export type QueueRole = {
  kind: QueueKind;
  role: 'worker' | 'agent';
  perHost: boolean;
  concurrency: () => number;
  lock: 'jobs' | 'checks' | 'default';
};

export const QUEUE_ROLES: readonly QueueRole[] = [
  // Rendering is CPU-bound in Chromium: one render per core at most.
  { kind: QueueKind.Report, role: 'worker', perHost: false, concurrency: () => availableParallelism(), lock: 'jobs' },
  { kind: QueueKind.Deliver, role: 'worker', perHost: false, concurrency: () => 4, lock: 'jobs' },
  { kind: QueueKind.Maintenance, role: 'worker', perHost: false, concurrency: () => 1, lock: 'jobs' },
  // One evaluation at a time per worker; a Redis lease keeps it to one across workers.
  { kind: QueueKind.Alerts, role: 'worker', perHost: false, concurrency: () => 1, lock: 'jobs' },
  { kind: QueueKind.Collect, role: 'agent', perHost: true, concurrency: () => 1, lock: 'default' },
  // Checks on their own per-host queue: a slow probe or a restart never delays collection.
  { kind: QueueKind.Checks, role: 'agent', perHost: true, concurrency: () => 1, lock: 'checks' },
];

export function queueRole(kind: QueueKind): QueueRole {
  const r = QUEUE_ROLES.find((q) => q.kind === kind);
  if (!r) throw new Error(`queue ${kind} has no consumer in QUEUE_ROLES`);
  return r;
}

/** Fails loudly at boot if a queue a job is sent to has no consumer, or two. */
export function assertEveryQueueConsumed(queues: readonly QueueKind[] = Object.values(QueueKind), roles: readonly QueueRole[] = QUEUE_ROLES): void {
  for (const q of queues) {
    const n = roles.filter((r) => r.kind === q).length;
    if (n !== 1) throw new Error(`queue ${q} has ${n} consumer roles, not one`);
  }
}
