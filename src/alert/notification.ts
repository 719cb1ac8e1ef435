import { createHash } from 'node:crypto';
import { RESTART_BUDGET_RULE } from '../config/alerts-schema.js';
import type { AlertInstance, NotificationLogEntry } from './types.js';

/** One message for one host, stored once and sent by one job per channel. */
export type Notification = {
  id: string;
  host: string;
  seq: number;
  t: number;
  kind: NotificationLogEntry['kind'];
  /** Newly firing since the last message. */
  firing: AlertInstance[];
  /** Newly resolved since the last message. */
  resolved: AlertInstance[];
  /** Everything firing for the host now (not muted). */
  active: AlertInstance[];
  /** Channel → keys of the alerts routed to it. */
  routes: Record<string, string[]>;
};

/**
 * Deterministic: the same host and sequence number always give the same id, so a re-run of an
 * evaluation that crashed before its commit produces the same notification, never a second one.
 */
export function notificationId(host: string, seq: number): string {
  return createHash('sha256').update(`${host}\n${seq}`).digest('hex').slice(0, 24);
}

/**
 * The alerts one channel gets from a notification, and what the message is for that channel: a
 * host's message that fires B (routed elsewhere) and resolves A (routed here) is a RESOLVED here,
 * never a "[FIRING] 0 alerts".
 */
export function forChannel(n: Notification, channel: string): Notification {
  const keys = new Set(n.routes[channel] ?? []);
  const pick = (list: AlertInstance[]) => list.filter((a) => keys.has(a.key));
  const firing = pick(n.firing);
  let kind = n.kind;
  if ((kind === 'firing' || kind === 'restart-budget') && firing.length === 0) kind = 'resolved';
  else if (kind === 'firing' && firing.every((a) => a.rule === RESTART_BUDGET_RULE)) kind = 'restart-budget';
  return { ...n, kind, firing, resolved: pick(n.resolved), active: pick(n.active) };
}

export function alertKey(rule: string, host: string, labels: Record<string, string>): string {
  const l = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
  return `${rule}/${host}${l ? `/${l}` : ''}`;
}
