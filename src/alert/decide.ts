import type { AlertsConfig } from '../config/alerts-schema.js';
import type { Commit } from './alert-store.js';
import type { Stepped } from './evaluate-rules.js';
import type { GroupState } from './grouping.js';
import { planNotifications, type NotificationPlan } from './plan-notifications.js';
import type { AlertRecord } from './rule-state.js';
import type { AlertInstance } from './types.js';

/** Records hold live state only (pending, firing): the state machine steps these. */
export function liveRecords(records: Map<string, AlertRecord>): Map<string, AlertRecord> {
  return new Map([...records].filter(([, r]) => r.instance.status !== 'resolved'));
}

/**
 * From the stored records and this evaluation's steps to what gets committed: the new records,
 * the resolved instances for the history, and one message per host with changes. Pure, so the
 * whole decision is testable without Redis. Earlier versions kept resolved records until they
 * were announced: those are handed to planning once, as resolved now, and dropped.
 */
export function decide(o: {
  records: Map<string, AlertRecord>;
  stepped: Stepped[];
  groups: Map<string, GroupState>;
  muted: (a: AlertInstance) => string | null;
  silenceOf?: (a: AlertInstance) => string | null;
  cfg: AlertsConfig;
  now: number;
}): Commit & { next: Map<string, AlertRecord>; lost: NotificationPlan['lost'] } {
  const legacyResolved = [...o.records.values()].filter((r) => r.instance.status === 'resolved').map((r) => r.instance);
  const next = new Map<string, AlertRecord>();
  for (const s of o.stepped) if (s.record && s.record.instance.status !== 'resolved') next.set(s.key, s.record);
  const resolved = o.stepped.filter((s) => s.change === 'resolved' && s.record).map((s) => s.record!.instance);
  const plan = planNotifications({
    firing: [...next.values()].map((r) => r.instance).filter((a) => a.status === 'firing'),
    resolved: [...legacyResolved, ...resolved],
    groups: o.groups,
    muted: o.muted,
    ...(o.silenceOf ? { silenceOf: o.silenceOf } : {}),
    cfg: o.cfg,
    now: o.now,
  });
  return {
    next,
    upsert: [...next.values()],
    remove: [...o.records.keys()].filter((k) => !next.has(k)),
    resolved,
    groups: plan.groups,
    notifications: plan.notifications,
    log: plan.log,
    lost: plan.lost,
  };
}
