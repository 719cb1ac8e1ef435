import type { RedisClient } from '../redis/client.js';
import { createRedisLedger, ledgerKey } from '../redis/ledger.js';
import type { Ledger, LedgerEntry } from '../redis/ledger-types.js';
import type { GroupState } from './grouping.js';
import type { Notification } from './notification.js';
import type { AlertRecord } from './rule-state.js';
import type { LabeledSample } from './sources.js';
import type { AlertInstance, NotificationLogEntry } from './types.js';

const DAY = 86_400_000;
/** Notifications are kept as long as a late retry could still want them. */
const NOTIFICATION_TTL_S = 30 * 86_400;
const HISTORY_MS = 400 * DAY;

/** One queued send: which notification, which channel. */
export type OutboxItem = { notificationId: string; channel: string };

export type Commit = {
  upsert: AlertRecord[];
  remove: string[];
  resolved: AlertInstance[];
  groups: GroupState[];
  notifications: Notification[];
  log: NotificationLogEntry[];
};

/**
 * All alert state shares one hash tag, so that a commit or a restore, which write many of these
 * keys at once, is one slot on a Redis Cluster. Alert traffic is one evaluation per interval:
 * one slot is no hot spot. (Before this layout the keys were `<prefix>:alerts:*`; see
 * src/app/key-layout-migration.ts.)
 */
const ALERTS = (prefix: string) => `${prefix}:{alerts}`;
const ledgerBase = (prefix: string) => `${ALERTS(prefix)}:ledger`;

/** Every alert key in one place (the store, silences, the local snapshot). */
export function alertKeys(prefix: string) {
  const base = ALERTS(prefix);
  return {
    state: `${base}:state`,
    groups: `${base}:groups`,
    history: `${base}:history`,
    outbox: `${base}:outbox`,
    log: `${base}:log`,
    forecasts: `${base}:forecasts`,
    silences: `${base}:silences`,
    /** Set with the first state: its absence beside a local snapshot means Redis lost its data. */
    epoch: `${base}:epoch`,
    /** Bumped by every commit. */
    gen: `${base}:gen`,
    /** Notification ids by time, until every channel sent them (what a restore re-queues). */
    recent: `${base}:recent`,
    notification: (id: string) => `${base}:notification:${id}`,
    ledger: (id: string, channel: string) => ledgerKey(ledgerBase(prefix), id, channel),
  };
}

/**
 * Alert state in Redis. An evaluation reads everything, decides, and writes its decisions in one
 * MULTI with the notifications and their outbox entries: a crash before it changes nothing (the
 * next run decides the same), a crash after it leaves the outbox to be flushed next time.
 */
export function createAlertStore(opts: { redis: RedisClient; prefix: string }) {
  const { redis, prefix } = opts;
  const k = alertKeys(prefix);
  const parseAll = <T>(h: Record<string, string>) => new Map(Object.entries(h).map(([key, j]) => [key, JSON.parse(j) as T]));

  return {
    records: async () => parseAll<AlertRecord>(await redis.hgetall(k.state)),
    groups: async () => parseAll<GroupState>(await redis.hgetall(k.groups)),

    async commit(c: Commit, now: number): Promise<void> {
      const m = redis.multi();
      for (const r of c.upsert) m.hset(k.state, r.instance.key, JSON.stringify(r));
      if (c.remove.length > 0) m.hdel(k.state, ...c.remove);
      for (const a of c.resolved) m.zadd(k.history, a.resolvedAt ?? now, JSON.stringify(a));
      if (c.resolved.length > 0) m.zremrangebyscore(k.history, '-inf', now - HISTORY_MS);
      for (const g of c.groups) m.hset(k.groups, g.host, JSON.stringify(g));
      for (const n of c.notifications) {
        m.set(k.notification(n.id), JSON.stringify(n), 'EX', NOTIFICATION_TTL_S);
        m.zadd(k.recent, n.t, n.id);
        for (const channel of Object.keys(n.routes)) m.hset(k.outbox, `${n.id}/${channel}`, JSON.stringify({ notificationId: n.id, channel }));
      }
      for (const e of c.log) m.zadd(k.log, e.t, JSON.stringify(e));
      if (c.log.length > 0) m.zremrangebyscore(k.log, '-inf', now - HISTORY_MS);
      m.incr(k.gen);
      await m.exec();
    },

    async outbox(): Promise<Array<OutboxItem & { field: string }>> {
      return Object.entries(await redis.hgetall(k.outbox)).map(([field, j]) => ({ field, ...(JSON.parse(j) as OutboxItem) }));
    },
    async clearOutbox(field: string): Promise<void> {
      await redis.hdel(k.outbox, field);
    },

    async notification(id: string): Promise<Notification | null> {
      const raw = await redis.get(k.notification(id));
      return raw ? (JSON.parse(raw) as Notification) : null;
    },

    async appendLog(e: NotificationLogEntry): Promise<void> {
      await redis.zadd(k.log, e.t, JSON.stringify(e));
    },
    async log(q: { from: number; to: number }): Promise<NotificationLogEntry[]> {
      return (await redis.zrangebyscore(k.log, q.from, q.to)).map((j) => JSON.parse(j) as NotificationLogEntry);
    },
    async history(q: { from: number; to: number }): Promise<AlertInstance[]> {
      return (await redis.zrangebyscore(k.history, q.from, '+inf')).map((j) => JSON.parse(j) as AlertInstance).filter((a) => a.since <= q.to);
    },

    /** Forecast answers per rule and host, reused until the rule's `every` has passed. */
    async cachedForecast(key: string, maxAgeMs: number, now: number): Promise<LabeledSample[] | null> {
      const raw = await redis.hget(k.forecasts, key);
      if (!raw) return null;
      const hit = JSON.parse(raw) as { at: number; samples: LabeledSample[] };
      return now - hit.at < maxAgeMs ? hit.samples : null;
    },
    async cacheForecast(key: string, samples: LabeledSample[], now: number): Promise<void> {
      await redis.hset(k.forecasts, key, JSON.stringify({ at: now, samples }));
    },
  };
}

export type AlertStore = ReturnType<typeof createAlertStore>;

/** One channel's send of one notification (id: notification, part: channel). */
export type NotificationSend = LedgerEntry;

/**
 * The per notification and channel ledger: "sent" is final, whatever retries or restarts follow
 * (the same ledger as report deliveries, src/redis/ledger.ts).
 */
export type NotificationLedger = Ledger<NotificationSend>;

export function createNotificationLedger(opts: { redis: RedisClient; prefix: string }): NotificationLedger {
  return createRedisLedger<NotificationSend>({ redis: opts.redis, base: ledgerBase(opts.prefix), ttlS: NOTIFICATION_TTL_S });
}
