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
