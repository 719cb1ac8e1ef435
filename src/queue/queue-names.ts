/**
 * Every queue Checkup uses. Collection has one queue per host, so that only that host's agent
 * takes its jobs; every other stage is shared by all workers.
 */
export const QueueKind = {
  Collect: 'collect',
  Report: 'report',
  Deliver: 'deliver',
  Maintenance: 'maintenance',
  /** Per host, like Collect: `checks-<host>`. */
  Checks: 'checks',
  Alerts: 'alerts',
} as const;

export type QueueKind = (typeof QueueKind)[keyof typeof QueueKind];

export function queueName(kind: QueueKind, host?: string): string {
  if (kind !== QueueKind.Collect && kind !== QueueKind.Checks) return kind;
  if (!host) throw new Error(`the ${kind} queue needs a host id`);
  return `${kind}-${host}`;
}

/**
 * The BullMQ prefix of one queue: the queue's own hash tag, so that each of BullMQ's scripts runs
 * on one Redis Cluster slot and per-host queues spread over the slots (measured in
 * test/scale/bullmq-cluster-layout.test.ts). Keys: `<p>:{q:<queue>}:<queue>:…`.
 */
export function queuePrefix(prefix: string, queue: string): string {
  return `${prefix}:{q:${queue}}`;
}
