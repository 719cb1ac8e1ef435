import { RESTART_BUDGET_RULE } from '../config/alerts-schema.js';
import type { AlertInstance, NotificationLogEntry } from './types.js';

/** What the receivers of one host have been told, and when. */
export type GroupState = {
  host: string;
  seq: number;
  /** Alert key → when it was announced as firing. */
  notified: Record<string, number>;
  /** Keys already logged as silenced, so each is logged once. */
  muted: Record<string, number>;
  lastSentAt: number | null;
  /** First unsent change: changes within `groupWait` of it go out together. */
  pendingSince: number | null;
};

export type PlannedNotification = {
  kind: NotificationLogEntry['kind'];
  firing: AlertInstance[];
  resolved: AlertInstance[];
  active: AlertInstance[];
};

export function emptyGroup(host: string): GroupState {
  return { host, seq: 0, notified: {}, muted: {}, lastSentAt: null, pendingSince: null };
}

/**
 * Decides one host's next message from the alerts now firing and those that resolved. One message
 * carries every change of the host (one bad host = one message); nothing changes = nothing sent,
 * except a repeat of what still fires after `repeatInterval`. Muted (silenced or in maintenance)
 * alerts are not announced, and their resolution is not announced either.
 */
export function planGroup(opts: {
  group: GroupState;
  firing: AlertInstance[];
  resolved: AlertInstance[];
  muted: (a: AlertInstance) => string | null;
  now: number;
  groupWait: number;
  repeatInterval: number;
}): { group: GroupState; notification: PlannedNotification | null; newlyMuted: Array<{ alert: AlertInstance; reason: string }> } {
  const { group, now } = opts;
  const reasons = new Map(opts.firing.map((a) => [a.key, opts.muted(a)]));
  const active = opts.firing.filter((a) => reasons.get(a.key) === null);
  const firingKeys = new Set(opts.firing.map((a) => a.key));
  const newly = active.filter((a) => !(a.key in group.notified));
  const resolved = opts.resolved.filter((a) => a.key in group.notified && !firingKeys.has(a.key) && opts.muted(a) === null);
  const newlyMuted = opts.firing.flatMap((a) => {
    const reason = reasons.get(a.key);
    return reason && !(a.key in group.notified) && !(a.key in group.muted) ? [{ alert: a, reason }] : [];
  });
  // Still firing keys keep their entries; everything else (resolved, muted at resolution, vanished) is forgotten.
  const keep = (rec: Record<string, number>) => Object.fromEntries(Object.entries(rec).filter(([k]) => firingKeys.has(k)));
  const muted = { ...keep(group.muted), ...Object.fromEntries(newlyMuted.map((m) => [m.alert.key, now])) };
  const next: GroupState = { ...group, notified: keep(group.notified), muted };

  if (newly.length > 0 || resolved.length > 0) {
    const pendingSince = group.pendingSince ?? now;
    if (now - pendingSince < opts.groupWait) return { group: { ...next, notified: group.notified, pendingSince }, notification: null, newlyMuted };
    const budgetOnly = newly.length > 0 && newly.every((a) => a.rule === RESTART_BUDGET_RULE);
    const kind = newly.length === 0 ? 'resolved' : budgetOnly ? 'restart-budget' : 'firing';
    for (const a of newly) next.notified[a.key] = now;
    return { group: { ...next, seq: group.seq + 1, lastSentAt: now, pendingSince: null }, notification: { kind, firing: newly, resolved, active }, newlyMuted };
  }
  next.pendingSince = null;
  if (active.length > 0 && group.lastSentAt !== null && now - group.lastSentAt >= opts.repeatInterval) {
    return { group: { ...next, seq: group.seq + 1, lastSentAt: now }, notification: { kind: 'repeat', firing: [], resolved: [], active }, newlyMuted };
  }
  return { group: next, notification: null, newlyMuted };
}
