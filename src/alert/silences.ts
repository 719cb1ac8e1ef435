import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis/client.js';
import type { MaintenanceConfig } from '../config/alerts-schema.js';
import { alertKeys } from './alert-store.js';
import { activeWindow } from './maintenance.js';
import { matchesAll, type Matcher } from './silence-matchers.js';
import type { AlertInstance, Silence } from './types.js';

/** Expired silences are kept this long as the history of who silenced what, then dropped. */
export const KEEP_EXPIRED_MS = 30 * 86_400_000;

export type SilenceState = 'pending' | 'active' | 'expired';

export function silenceState(s: Silence, now: number): SilenceState {
  if (now >= s.to) return 'expired';
  return now < s.from ? 'pending' : 'active';
}

/** The silence muting an alert right now, if any. */
export function silenceFor(a: AlertInstance, silences: readonly Silence[], now: number): Silence | null {
  return silences.find((s) => silenceState(s, now) === 'active' && matchesAll(s.matchers, a)) ?? null;
}

export function targetOf(a: AlertInstance): { host: string; rule: string; check?: string } {
  return { host: a.host, rule: a.rule, ...(a.labels.check !== undefined ? { check: a.labels.check } : {}) };
}

/** Why an alert is muted right now (a silence or a maintenance window), or null. */
export function muteReason(a: AlertInstance, o: { silences: readonly Silence[]; maintenance: readonly MaintenanceConfig[]; now: number }): string | null {
  const s = silenceFor(a, o.silences, o.now);
  if (s) return `silenced (${s.id}${s.comment ? `: ${s.comment}` : ''})`;
  const w = activeWindow(o.maintenance, targetOf(a), o.now);
  return w ? `maintenance window ${w.name}` : null;
}

/** Silences stored by earlier versions: `matchers` was an object of exact host, check and rule. */
function normalize(raw: Silence | (Omit<Silence, 'matchers'> & { matchers: Record<string, string> })): Silence {
  const matchers: Matcher[] = Array.isArray(raw.matchers)
    ? raw.matchers
    : Object.entries(raw.matchers)
        .filter(([, v]) => v !== undefined)
        .map(([name, value]) => ({ name, op: '=' as const, value }));
  return { ...raw, matchers, createdAt: raw.createdAt ?? raw.from, expiredAt: raw.expiredAt ?? null, expiredBy: raw.expiredBy ?? null };
}

export type NewSilence = Pick<Silence, 'matchers' | 'from' | 'to' | 'comment' | 'createdBy'>;

/**
 * Silences live in Redis; the CLI, the API and the console create and expire them (validated by
 * ZSilenceInput first). Expiring keeps the record, with who did it and when, so the list doubles as
 * the history of who silenced what; records go `KEEP_EXPIRED_MS` after they end.
 */
export function createSilenceStore(opts: { redis: RedisClient; prefix: string }) {
  const key = alertKeys(opts.prefix).silences;
  const read = async (id: string) => {
    const raw = await opts.redis.hget(key, id);
    return raw ? normalize(JSON.parse(raw) as Silence) : null;
  };
  return {
    async add(s: NewSilence, now = Date.now()): Promise<Silence> {
      if (!(s.to > s.from)) throw new RangeError('a silence needs to > from');
      if (s.matchers.length === 0) throw new RangeError('a silence needs at least one matcher');
      const silence: Silence = { ...s, id: randomUUID(), createdAt: now, expiredAt: null, expiredBy: null };
      await opts.redis.hset(key, silence.id, JSON.stringify(silence));
      return silence;
    },
    get: read,
    /** Ends a silence now (a pending one never starts). Null for an unknown id. */
    async expire(id: string, o: { by: string; now?: number }): Promise<{ silence: Silence; already: boolean } | null> {
      const now = o.now ?? Date.now();
      const s = await read(id);
      if (!s) return null;
      if (silenceState(s, now) === 'expired') return { silence: s, already: true };
      const ended: Silence = { ...s, to: Math.max(s.from, now), expiredAt: now, expiredBy: o.by };
      await opts.redis.hset(key, id, JSON.stringify(ended));
      return { silence: ended, already: false };
    },
    async list(now = Date.now()): Promise<Silence[]> {
      const all = Object.values(await opts.redis.hgetall(key)).map((j) => normalize(JSON.parse(j) as Silence));
      const old = all.filter((s) => s.to < now - KEEP_EXPIRED_MS);
      if (old.length > 0) await opts.redis.hdel(key, ...old.map((s) => s.id));
      return all.filter((s) => s.to >= now - KEEP_EXPIRED_MS).sort((a, b) => b.createdAt - a.createdAt);
    },
    /** Puts silences back as they were (restoring a Redis that lost its data); existing ones win. */
    async restore(silences: readonly Silence[]): Promise<void> {
      for (const s of silences) await opts.redis.hsetnx(key, s.id, JSON.stringify(s));
    },
  };
}

export type SilenceStore = ReturnType<typeof createSilenceStore>;
