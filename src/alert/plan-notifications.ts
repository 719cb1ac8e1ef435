import type { AlertsConfig } from '../config/alerts-schema.js';
import { emptyGroup, planGroup, type GroupState } from './grouping.js';
import { notificationId, type Notification } from './notification.js';
import { routeNotification } from './routing.js';
import type { AlertInstance, NotificationLogEntry } from './types.js';

export type NotificationPlan = {
  groups: GroupState[];
  notifications: Notification[];
  log: NotificationLogEntry[];
  /** Host → announced keys that vanished without a resolution (an invariant broken: report it). */
  lost: Array<{ host: string; keys: string[] }>;
};

/**
 * One message per host with changes, routed per channel. `firing` is every alert firing now;
 * `resolved` the ones that resolved in this evaluation (each is planned once: the group keeps it
 * until its RESOLVED goes out). Pure: the caller commits the result.
 */
export function planNotifications(o: {
  firing: AlertInstance[];
  resolved: AlertInstance[];
  groups: Map<string, GroupState>;
  muted: (a: AlertInstance) => string | null;
  /** The silence behind a mute, recorded in the log (who silenced what). */
  silenceOf?: (a: AlertInstance) => string | null;
  cfg: AlertsConfig;
  now: number;
}): NotificationPlan {
  const { cfg, now } = o;
  const hosts = new Set([...o.firing.map((a) => a.host), ...o.resolved.map((a) => a.host), ...o.groups.keys()]);
  const out: NotificationPlan = { groups: [], notifications: [], log: [], lost: [] };
  const logMuted = (host: string, kind: NotificationLogEntry['kind'], m: { alert: AlertInstance; reason: string }) => {
    const silence = o.silenceOf?.(m.alert) ?? null;
    out.log.push({
      id: `${m.alert.key}@${now}/${kind}`,
      t: now,
      channel: '-',
      kind,
      host,
      alerts: [m.alert.key],
      outcome: 'silenced',
      attempts: 0,
      error: m.reason,
      ...(silence ? { silence } : {}),
    });
  };
  for (const host of [...hosts].sort()) {
    const plan = planGroup({
      group: o.groups.get(host) ?? emptyGroup(host),
      firing: o.firing.filter((a) => a.host === host),
      resolved: o.resolved.filter((a) => a.host === host),
      muted: o.muted,
      now,
      groupWait: cfg.groupWait,
      repeatInterval: cfg.repeatInterval,
    });
    out.groups.push(plan.group);
    for (const m of plan.newlyMuted) logMuted(host, 'firing', m);
    for (const m of plan.mutedResolutions) logMuted(host, 'resolved', m);
    if (plan.lost.length > 0) out.lost.push({ host, keys: plan.lost });
    const n = plan.notification;
    if (!n) continue;
    const heard = o.groups.get(host)?.heard ?? {};
    // A channel that heard the FIRING but left the config cannot get the RESOLVED: say so in the log.
    for (const a of n.resolved) {
      for (const ch of (heard[a.key] ?? []).filter((c) => !(c in cfg.channels))) {
        out.log.push({
          id: `${a.key}@${now}/${ch}`,
          t: now,
          channel: ch,
          kind: 'resolved',
          host,
          alerts: [a.key],
          outcome: 'failed',
          attempts: 0,
          error: 'channel no longer configured',
        });
      }
    }
    const routes = routeNotification(n, cfg, heard);
    // Where each newly announced alert went: its RESOLVED will go there too.
    for (const a of n.firing) plan.group.heard[a.key] = Object.keys(routes).filter((ch) => routes[ch]!.includes(a.key));
    if (Object.keys(routes).length === 0) continue;
    out.notifications.push({ id: notificationId(host, plan.group.seq), host, seq: plan.group.seq, t: now, ...n, routes });
  }
  return out;
}
