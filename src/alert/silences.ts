import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { MaintenanceConfig } from '../config/alerts-schema.js';
import { activeWindow, type MuteTarget } from './maintenance.js';
import type { AlertInstance, Silence } from './types.js';

/** Expired silences are kept this long for the console's history, then dropped. */
const KEEP_EXPIRED_MS = 30 * 86_400_000;

export function silenceMatches(s: Silence, t: MuteTarget, at: number): boolean {
  if (at < s.from || at >= s.to) return false;
  if (s.matchers.host !== undefined && s.matchers.host !== t.host) return false;
  if (s.matchers.check !== undefined && s.matchers.check !== t.check) return false;
  if (s.matchers.rule !== undefined && s.matchers.rule !== t.rule) return false;
  return true;
}

export function targetOf(a: AlertInstance): MuteTarget {
  return { host: a.host, rule: a.rule, ...(a.labels.check !== undefined ? { check: a.labels.check } : {}) };
}

/** Why an alert is muted right now (a silence or a maintenance window), or null. */
export function muteReason(a: AlertInstance, o: { silences: readonly Silence[]; maintenance: readonly MaintenanceConfig[]; now: number }): string | null {
  const t = targetOf(a);
  const s = o.silences.find((x) => silenceMatches(x, t, o.now));
  if (s) return `silenced (${s.id}${s.comment ? `: ${s.comment}` : ''})`;
  const w = activeWindow(o.maintenance, t, o.now);
  return w ? `maintenance window ${w.name}` : null;
}

/** Silences live in Redis: the console and API create them at run time. */
export function createSilenceStore(opts: { redis: Redis; prefix: string }) {
  const key = `${opts.prefix}:alerts:silences`;
  return {
    async add(s: Omit<Silence, 'id'> & { id?: string }): Promise<Silence> {
      if (!(s.to > s.from)) throw new RangeError('a silence needs to > from');
      if (s.matchers.host === undefined && s.matchers.check === undefined && s.matchers.rule === undefined) throw new RangeError('a silence needs at least one matcher');
      const silence: Silence = { ...s, id: s.id ?? randomUUID() };
      await opts.redis.hset(key, silence.id, JSON.stringify(silence));
      return silence;
    },
    async remove(id: string): Promise<boolean> {
      return (await opts.redis.hdel(key, id)) > 0;
    },
    async list(now = Date.now()): Promise<Silence[]> {
      const all = Object.values(await opts.redis.hgetall(key)).map((j) => JSON.parse(j) as Silence);
      const old = all.filter((s) => s.to < now - KEEP_EXPIRED_MS);
      if (old.length > 0) await opts.redis.hdel(key, ...old.map((s) => s.id));
      return all.filter((s) => s.to >= now - KEEP_EXPIRED_MS).sort((a, b) => a.from - b.from);
    },
  };
}

export type SilenceStore = ReturnType<typeof createSilenceStore>;
