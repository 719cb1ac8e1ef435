import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { RedisClient } from '../redis/client.js';
import type { Logger } from '../shared/logger.js';
import { readJson, writeJsonAtomic } from '../shared/json-file.js';
import { alertKeys } from './alert-store.js';
import type { GroupState } from './grouping.js';
import type { Notification } from './notification.js';
import type { AlertRecord } from './rule-state.js';
import type { Silence } from './types.js';

/** Notifications older than this leave the snapshot even if a channel never took them (their retries are long over). */
const UNSENT_MAX_AGE_MS = 86_400_000;

/** What a worker keeps on its own disk of the alert state in Redis. */
export type AlertSnapshot = {
  version: 1;
  prefix: string;
  epoch: string;
  gen: number;
  savedAt: number;
  records: Record<string, AlertRecord>;
  groups: Record<string, GroupState>;
  silences: Silence[];
  /** Notifications some channel has not sent yet, with those channels: queued again after a restore. */
  unsent: Array<{ notification: Notification; channels: string[] }>;
};

type Read = { state: Omit<AlertSnapshot, 'version' | 'savedAt' | 'epoch'> & { epoch: string | null }; sent: string[] };

/**
 * Reads the alert state in one MULTI (a commit lands wholly before or after it), then the
 * notifications not yet sent on every channel. `sent` lists the ids every channel has sent.
 */
async function readState(redis: RedisClient, prefix: string): Promise<Read> {
  const k = alertKeys(prefix);
  const res = (await redis.multi().hgetall(k.state).hgetall(k.groups).hgetall(k.silences).get(k.epoch).get(k.gen).zrange(k.recent, 0, -1).exec()) ?? [];
  const [state, groups, silences, epoch, gen, recent] = res.map(([err, v]) => {
    if (err) throw err;
    return v;
  }) as [Record<string, string>, Record<string, string>, Record<string, string>, string | null, string | null, string[]];
  const parse = <T>(h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([key, j]) => [key, JSON.parse(j) as T]));
  const unsent: AlertSnapshot['unsent'] = [];
  const sent: string[] = [];
  for (const id of recent) {
    const raw = await redis.get(k.notification(id));
    if (!raw) {
      sent.push(id);
      continue;
    }
    const notification = JSON.parse(raw) as Notification;
    const channels = Object.keys(notification.routes);
    const ledgers = await Promise.all(channels.map((ch) => redis.get(k.ledger(id, ch))));
    const open = channels.filter(
      (_ch, i) => ledgers[i] === null || ledgers[i] === undefined || (JSON.parse(ledgers[i]!) as { state: string }).state !== 'sent',
    );
    if (open.length === 0) sent.push(id);
    else unsent.push({ notification, channels: open });
  }
  const all = {
    prefix,
    epoch,
    gen: Number(gen ?? 0),
    records: parse<AlertRecord>(state),
    groups: parse<GroupState>(groups),
    silences: Object.values(silences).map((j) => JSON.parse(j) as Silence),
  };
  return { state: { ...all, unsent }, sent };
}

/**
 * The local snapshot of alert state (`<data>/alerts/<prefix>.json`), so that a Redis that comes
 * back empty (restarted without persistence) neither re-announces every firing alert as new nor
 * forgets to announce a later resolve. Every worker keeps one: the evaluating worker after each
 * commit, the others on a timer, so whichever evaluates first after a loss has a recent copy.
 */
export function createAlertSnapshots(o: { redis: RedisClient; prefix: string; dataDir: string; log: Logger }) {
  const file = join(o.dataDir, 'alerts', `${o.prefix}.json`);
  const k = alertKeys(o.prefix);
  let last = '';
  const read = () => readJson<AlertSnapshot>(file);
  return {
    file,
    read,

    /**
     * Copies the state in Redis to the file when it changed. Never while the epoch marker is
     * missing: that is a Redis that lost its data, and its emptiness must not overwrite the copy.
     * `prune` (the evaluating worker only) drops notifications every channel has sent.
     */
    async mirror(m: { now: number; prune?: boolean }): Promise<'written' | 'unchanged' | 'no-epoch'> {
      const { state: s, sent } = await readState(o.redis, o.prefix);
      if (s.epoch === null) return 'no-epoch';
      const stale = s.unsent.filter((u) => u.notification.t < m.now - UNSENT_MAX_AGE_MS).map((u) => u.notification.id);
      if (m.prune && sent.length + stale.length > 0) await o.redis.zrem(k.recent, ...sent, ...stale);
      const body = { version: 1 as const, ...s, epoch: s.epoch, unsent: s.unsent.filter((u) => !stale.includes(u.notification.id)) };
      const text = JSON.stringify(body);
      if (text === last) return 'unchanged';
      await writeJsonAtomic(file, { ...body, savedAt: m.now } satisfies AlertSnapshot);
      last = text;
      return 'written';
    },

    /**
     * Before an evaluation: when Redis has no epoch marker, it either is new (set one) or lost its
     * data. With no alert state left in Redis and a snapshot of this prefix on disk, the snapshot
     * goes back: records, groups, silences, and unsent notifications with their outbox entries.
     */
    async restoreIfLost(): Promise<AlertSnapshot | null> {
      if ((await o.redis.exists(k.epoch)) === 1) return null;
      const [records, groups] = await Promise.all([o.redis.hlen(k.state), o.redis.hlen(k.groups)]);
      const snap =
        records + groups === 0
          ? await read().catch((err: unknown) => (o.log.error({ file, err: (err as Error).message }, 'alert snapshot unreadable'), null))
          : null;
      if (!snap || snap.prefix !== o.prefix || snap.version !== 1) {
        await o.redis.set(k.epoch, randomUUID(), 'NX');
        return null;
      }
      const m = o.redis.multi();
      for (const [key, r] of Object.entries(snap.records)) m.hset(k.state, key, JSON.stringify(r));
      for (const [host, g] of Object.entries(snap.groups)) m.hset(k.groups, host, JSON.stringify(g));
      for (const s of snap.silences) m.hsetnx(k.silences, s.id, JSON.stringify(s));
      // Only the channels that had not sent: the others' ledgers went with the data, so they would send twice.
      for (const { notification: n, channels } of snap.unsent) {
        m.set(k.notification(n.id), JSON.stringify(n), 'EX', 30 * 86_400);
        m.zadd(k.recent, n.t, n.id);
        for (const ch of Object.keys(n.routes))
          if (!channels.includes(ch)) m.set(k.ledger(n.id, ch), JSON.stringify({ state: 'sent', attempts: 0, at: snap.savedAt }), 'EX', 30 * 86_400);
        for (const channel of channels) m.hset(k.outbox, `${n.id}/${channel}`, JSON.stringify({ notificationId: n.id, channel }));
      }
      m.set(k.gen, String(snap.gen));
      // Last: until the marker is back, a crash here means the next evaluation restores again.
      m.set(k.epoch, snap.epoch);
      await m.exec();
      o.log.warn(
        {
          file,
          savedAt: new Date(snap.savedAt).toISOString(),
          gen: snap.gen,
          alerts: Object.keys(snap.records).length,
          hosts: Object.keys(snap.groups).length,
          silences: snap.silences.length,
          requeued: snap.unsent.length,
        },
        'Redis had lost the alert state: restored from the local snapshot',
      );
      return snap;
    },
  };
}

export type AlertSnapshots = ReturnType<typeof createAlertSnapshots>;
