import { RESTART_BUDGET_RULE } from '../config/alerts-schema.js';
import type { AlertInstance, NotificationLogEntry } from './types.js';

/** What the receivers of one host have been told, and when. */
export type GroupState = {
  host: string;
  seq: number;
  /** Alert key → when it was announced as firing. A key stays here until its RESOLVED went out. */
  notified: Record<string, number>;
  /** Alert key → the channels its FIRING went to: its RESOLVED goes to the same ones. */
  heard: Record<string, string[]>;
  /**
   * Announced alerts that resolved, waiting for their RESOLVED (held by `groupWait`). Kept here,
   * not in the alert records, so neither the next evaluation nor a new instance of the same key
   * can drop them.
   */
  resolving: Record<string, AlertInstance>;
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

export type Muted = { alert: AlertInstance; reason: string };

export type GroupPlan = {
  group: GroupState;
  notification: PlannedNotification | null;
  /** Firing alerts muted now that were not muted at the last evaluation: logged once each. */
  newlyMuted: Muted[];
  /** Announced alerts whose resolution a silence or maintenance window swallowed: logged. */
  mutedResolutions: Muted[];
  /** Announced keys that vanished without a resolution (never expected): the caller reports them. */
  lost: string[];
};

export function emptyGroup(host: string): GroupState {
  return { host, seq: 0, notified: {}, heard: {}, resolving: {}, muted: {}, lastSentAt: null, pendingSince: null };
}

/** Groups stored by earlier versions lack the newer fields. */
export function normalizeGroup(g: Partial<GroupState> & { host: string }): GroupState {
  return { ...emptyGroup(g.host), ...g, notified: g.notified ?? {}, heard: g.heard ?? {}, resolving: g.resolving ?? {}, muted: g.muted ?? {} };
}

const pick = <T>(rec: Record<string, T>, keys: Set<string>) => Object.fromEntries(Object.entries(rec).filter(([k]) => keys.has(k)));

/**
 * Decides one host's next message from the alerts now firing and those that resolved in this
 * evaluation. One message carries every change of the host (one bad host = one message); nothing
 * changes = nothing sent, except a repeat of what still fires after `repeatInterval`.
 *
 * The contract: every alert announced as FIRING gets exactly one RESOLVED, and never a second
 * FIRING before it. A resolution waits in the group until it goes out; if the alert fires again
 * before that (inside `groupWait`), the two cancel and the receivers hear nothing, as they never
 * heard of the gap. Muted (silenced or in maintenance) alerts are not announced; the resolution of
 * an alert muted when its RESOLVED would go out is not announced either, and is logged instead.
 */
export function planGroup(opts: {
  group: GroupState;
  firing: AlertInstance[];
  resolved: AlertInstance[];
  muted: (a: AlertInstance) => string | null;
  now: number;
  groupWait: number;
  repeatInterval: number;
}): GroupPlan {
  const { now } = opts;
  const group = normalizeGroup(opts.group);
  const firingKeys = new Set(opts.firing.map((a) => a.key));
  const reasons = new Map(opts.firing.map((a) => [a.key, opts.muted(a)]));
  const active = opts.firing.filter((a) => reasons.get(a.key) === null);
  const newly = active.filter((a) => !(a.key in group.notified));

  const resolving: Record<string, AlertInstance> = {};
  for (const a of [...Object.values(group.resolving), ...opts.resolved]) {
    if (a.key in group.notified && !firingKeys.has(a.key)) resolving[a.key] = a;
  }
  const mutedResolutions: Muted[] = [];
  for (const a of Object.values(resolving)) {
    const reason = opts.muted(a);
    if (reason === null) continue;
    mutedResolutions.push({ alert: a, reason });
    delete resolving[a.key];
  }
  const toSend = Object.values(resolving);
  const told = new Set([...firingKeys, ...Object.keys(resolving)]);
  const gone = new Set(mutedResolutions.map((m) => m.alert.key));
  const lost = Object.keys(group.notified).filter((k) => !told.has(k) && !gone.has(k));

  // Logged once per stretch of being muted: a later silence of the same alert is logged again.
  const mutedNow = new Set(opts.firing.filter((a) => reasons.get(a.key) !== null).map((a) => a.key));
  const newlyMuted = opts.firing.flatMap((a) => {
    const reason = reasons.get(a.key);
    return reason && !(a.key in group.muted) ? [{ alert: a, reason }] : [];
  });
  const muted = { ...pick(group.muted, mutedNow), ...Object.fromEntries(newlyMuted.map((m) => [m.alert.key, now])) };
  const next: GroupState = { ...group, notified: pick(group.notified, told), heard: pick(group.heard, told), resolving, muted };
  const plan = { newlyMuted, mutedResolutions, lost };

  if (newly.length > 0 || toSend.length > 0) {
    const pendingSince = group.pendingSince ?? now;
    if (now - pendingSince < opts.groupWait) return { ...plan, group: { ...next, pendingSince }, notification: null };
    const budgetOnly = newly.length > 0 && newly.every((a) => a.rule === RESTART_BUDGET_RULE);
    const kind = newly.length === 0 ? 'resolved' : budgetOnly ? 'restart-budget' : 'firing';
    for (const a of newly) next.notified[a.key] = now;
    for (const a of toSend) {
      delete next.notified[a.key];
      delete next.heard[a.key];
    }
    const sent: GroupState = { ...next, resolving: {}, seq: group.seq + 1, lastSentAt: now, pendingSince: null };
    // A FIRING states the reading that crossed, at firedAt (see AlertInstance.fired).
    const announced = newly.map((a) => (a.fired ? { ...a, value: a.fired.value, message: a.fired.message } : a));
    return { ...plan, group: sent, notification: { kind, firing: announced, resolved: toSend, active } };
  }
  next.pendingSince = null;
  if (active.length > 0 && group.lastSentAt !== null && now - group.lastSentAt >= opts.repeatInterval) {
    return { ...plan, group: { ...next, seq: group.seq + 1, lastSentAt: now }, notification: { kind: 'repeat', firing: [], resolved: [], active } };
  }
  return { ...plan, group: next, notification: null };
}
