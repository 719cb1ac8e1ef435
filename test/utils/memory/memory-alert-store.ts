import type { AlertStore, Commit, OutboxItem } from '../../../src/alert/alert-store.js';
import type { GroupState } from '../../../src/alert/grouping.js';
import type { Notification } from '../../../src/alert/notification.js';
import type { AlertRecord } from '../../../src/alert/rule-state.js';
import type { LabeledSample } from '../../../src/alert/sources.js';
import type { AlertInstance, NotificationLogEntry } from '../../../src/alert/types.js';

const HISTORY_MS = 400 * 86_400_000;
const copy = <T>(v: T): T => structuredClone(v);

/** The alert store in memory, for unit tests; the contract suite holds it to the Redis one. */
export function createMemoryAlertStore(): AlertStore & { gen(): number } {
  const records = new Map<string, AlertRecord>();
  const groups = new Map<string, GroupState>();
  const notifications = new Map<string, Notification>();
  const outbox = new Map<string, OutboxItem>();
  // Sorted sets as Redis keeps them: one member per distinct JSON, ordered by score, then by member.
  const history = new Map<string, number>();
  const log = new Map<string, number>();
  const zadd = (z: Map<string, number>, score: number, v: unknown) => z.set(JSON.stringify(v), score);
  const zrange = <T>(z: Map<string, number>, from: number, to: number): T[] =>
    [...z]
      .filter(([, t]) => t >= from && t <= to)
      .sort(([ma, a], [mb, b]) => a - b || (ma < mb ? -1 : ma > mb ? 1 : 0))
      .map(([m]) => JSON.parse(m) as T);
  const trim = (z: Map<string, number>, before: number) => {
    for (const [m, t] of z) if (t <= before) z.delete(m);
  };
  const forecasts = new Map<string, { at: number; samples: LabeledSample[] }>();
  let gen = 0;

  return {
    records: async () => copy(records),
    groups: async () => copy(groups),
    async commit(c: Commit, now: number) {
      for (const r of c.upsert) records.set(r.instance.key, copy(r));
      for (const k of c.remove) records.delete(k);
      for (const a of c.resolved) zadd(history, a.resolvedAt ?? now, a);
      if (c.resolved.length > 0) trim(history, now - HISTORY_MS);
      for (const g of c.groups) groups.set(g.host, copy(g));
      for (const n of c.notifications) {
        notifications.set(n.id, copy(n));
        for (const channel of Object.keys(n.routes)) outbox.set(`${n.id}/${channel}`, { notificationId: n.id, channel });
      }
      for (const e of c.log) zadd(log, e.t, e);
      if (c.log.length > 0) trim(log, now - HISTORY_MS);
      gen++;
    },
    outbox: async () => [...outbox].map(([field, item]) => ({ field, ...item })),
    async clearOutbox(field) {
      outbox.delete(field);
    },
    notification: async (id) => copy(notifications.get(id) ?? null),
    async appendLog(e) {
      zadd(log, e.t, e);
    },
    log: async (q) => zrange<NotificationLogEntry>(log, q.from, q.to),
    history: async (q) => zrange<AlertInstance>(history, q.from, Infinity).filter((a) => a.since <= q.to),
    async cachedForecast(key, maxAgeMs, now) {
      const hit = forecasts.get(key);
      return hit && now - hit.at < maxAgeMs ? copy(hit.samples) : null;
    },
    async cacheForecast(key, samples, now) {
      forecasts.set(key, { at: now, samples: copy(samples) });
    },
    gen: () => gen,
  };
}
