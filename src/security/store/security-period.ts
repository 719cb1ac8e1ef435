import type { RedisClient } from '../../redis/client.js';
import type { SecurityKeys, SecurityListKind } from './security-keys.js';
import {
  SECURITY_CAPS,
  type AccountChange,
  type SecurityPeriod,
  type SecurityRange,
  type SourceFailures,
  type StoredAcceptedLogin,
  type StoredFileChange,
  type StoredPortChange,
  type SudoRun,
} from './security-repo.js';

type PeriodData = Omit<SecurityPeriod, 'auth' | 'ports' | 'files' | 'logins'>;
type StoredSource = { c: number; f: number; l: number; u: unknown; m?: number };

const LISTS: SecurityListKind[] = ['acc', 'sudo', 'acct', 'pchg', 'fchg'];
const DROP_NAMES = ['sources', 'users', 'accepted', 'sudo', 'accounts', 'portChanges', 'fileChanges', 'minuteSources'] as const;

function json<T>(raw: string): T | null {
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

/**
 * Reads the hours of a period and merges them. Counts are per whole hour (an hour that overlaps the
 * period counts whole); event lists are cut to the period by their own times.
 */
export async function readPeriod(o: { redis: RedisClient; k: SecurityKeys; hours: number[]; range: SecurityRange }): Promise<PeriodData> {
  const { k, range } = o;
  const pipe = o.redis.pipeline();
  for (const h of o.hours) {
    pipe.hgetall(k.totals(h));
    pipe.hgetall(k.sources(h));
    pipe.hgetall(k.users(h));
    for (const kind of LISTS) pipe.lrange(k.list(kind, h), 0, -1);
  }
  const replies = (await pipe.exec()) ?? [];
  const per = 3 + LISTS.length;
  const out: PeriodData = {
    failedByHour: [],
    failedTotal: 0,
    sources: [],
    users: [],
    accepted: [],
    sudo: [],
    sudoCounts: { ok: 0, failed: 0 },
    accounts: [],
    portChanges: [],
    fileChanges: [],
    dropped: {},
  };
  const sources = new Map<string, SourceFailures>();
  const users = new Map<string, number>();
  const inRange = (t: number | null) => t !== null && t >= range.from && t < range.to;
  o.hours.forEach((h, i) => {
    const at = (j: number): unknown => {
      const [err, v] = replies[i * per + j] ?? [null, null];
      if (err) throw err;
      return v;
    };
    const tot = at(0) as Record<string, string>;
    const failed = Number(tot.failed ?? 0);
    out.failedTotal += failed;
    if (failed > 0) out.failedByHour.push({ t: h, count: failed });
    out.sudoCounts.ok += Number(tot.sudoOk ?? 0);
    out.sudoCounts.failed += Number(tot.sudoFailed ?? 0);
    for (const name of DROP_NAMES) {
      const n = Number(tot[`drop:${name}`] ?? 0);
      if (n > 0) out.dropped[name] = (out.dropped[name] ?? 0) + n;
    }
    for (const [source, raw] of Object.entries(at(1) as Record<string, string>)) mergeSource(sources, source, json<StoredSource>(raw));
    for (const [user, n] of Object.entries(at(2) as Record<string, string>)) users.set(user, (users.get(user) ?? 0) + Number(n));
    const list = <T>(j: number) => (at(3 + j) as string[]).map((r) => json<T>(r)).filter((x): x is T => x !== null);
    for (const a of list<AcceptedLoginRaw>(0)) if (inRange(a.time)) out.accepted.push(acceptedOf(a));
    for (const s of list<SudoRun>(1)) if (inRange(s.time)) out.sudo.push(s);
    for (const a of list<AccountChange>(2)) if (inRange(a.time)) out.accounts.push(a);
    for (const c of list<StoredPortChange>(3)) if (inRange(c.time)) out.portChanges.push(c);
    for (const c of list<StoredFileChange>(4)) if (inRange(c.detectedAt)) out.fileChanges.push(c);
  });
  const byTime = (a: { time: number }, b: { time: number }) => a.time - b.time;
  out.accepted.sort(byTime);
  out.sudo.sort(byTime);
  out.accounts.sort(byTime);
  out.portChanges.sort(byTime);
  out.fileChanges.sort((a, b) => a.detectedAt - b.detectedAt);
  out.sources = [...sources.values()].sort((a, b) => b.count - a.count || (a.source < b.source ? -1 : 1));
  out.users = [...users].map(([user, count]) => ({ user, count })).sort((a, b) => b.count - a.count || (a.user < b.user ? -1 : 1));
  return out;
}

/** One list kind over the hours, cut to the range by each event's time, in time order. */
export async function readList<T>(o: {
  redis: RedisClient;
  k: SecurityKeys;
  hours: number[];
  kind: SecurityListKind;
  range: SecurityRange;
  time: (x: T) => number | null;
}): Promise<T[]> {
  const pipe = o.redis.pipeline();
  for (const h of o.hours) pipe.lrange(o.k.list(o.kind, h), 0, -1);
  const out: T[] = [];
  for (const [err, rows] of (await pipe.exec()) ?? []) {
    if (err) throw err;
    for (const raw of rows as string[]) {
      const x = json<T>(raw);
      const t = x === null ? null : o.time(x);
      if (x !== null && t !== null && t >= o.range.from && t < o.range.to) out.push(x);
    }
  }
  return out.sort((a, b) => (o.time(a) ?? 0) - (o.time(b) ?? 0));
}

export type AcceptedLoginRaw = Omit<StoredAcceptedLogin, 'newSource'> & { n?: number };
export const acceptedOf = (a: AcceptedLoginRaw): StoredAcceptedLogin => ({
  user: a.user,
  source: a.source,
  method: a.method,
  time: a.time,
  newSource: a.n === 1 ? true : a.n === 0 ? false : null,
});

function mergeSource(into: Map<string, SourceFailures>, source: string, s: StoredSource | null): void {
  if (!s) return;
  // Lua's cjson writes an empty list as {}.
  const users = Array.isArray(s.u) ? (s.u as string[]) : [];
  const had = into.get(source);
  if (!had) {
    into.set(source, { source, count: s.c, users: [...users], usersMore: s.m === 1, firstSeen: s.f, lastSeen: s.l });
    return;
  }
  had.count += s.c;
  had.firstSeen = Math.min(had.firstSeen, s.f);
  had.lastSeen = Math.max(had.lastSeen, s.l);
  if (s.m === 1) had.usersMore = true;
  for (const u of users) {
    if (had.users.includes(u)) continue;
    if (had.users.length < SECURITY_CAPS.usersPerSource) had.users.push(u);
    else had.usersMore = true;
  }
}
