import { hourOf, MINUTE_MS, type SecurityKeys, type SecurityListKind } from './security-keys.js';
import { MAX_BRUTE_FORCE_WINDOW_MS, SECURITY_CAPS as CAPS, type SecurityBatch, type SignalStatus } from './security-repo.js';

export type Retention = { minuteMs: number; hourMs: number };
type Op = (string | number)[];

/** The key list and operations of one batch for APPLY_SECURITY_BATCH (see security-script.ts). */
export class SecurityOps {
  readonly keys: string[];
  readonly ops: Op[] = [];
  private readonly index = new Map<string, number>();
  private readonly expiry = new Map<string, number>();

  constructor(
    private readonly k: SecurityKeys,
    private readonly retention: Retention,
  ) {
    this.keys = [k.batches];
    this.index.set(k.batches, 1);
  }

  ref(key: string): number {
    let i = this.index.get(key);
    if (i === undefined) {
      this.keys.push(key);
      i = this.keys.length;
      this.index.set(key, i);
    }
    return i;
  }

  op(name: string, key: string, ...args: (string | number)[]): void {
    this.ops.push([name, this.ref(key), ...args]);
  }

  /** Keys live `ms` past the write (the longest asked wins); set once at the end. */
  expire(key: string, ms: number): void {
    this.expiry.set(key, Math.max(ms, this.expiry.get(key) ?? 0));
  }

  /** An hour's detail key, and its totals, kept for their tiers, and the hour indexed. */
  hour(t: number): { hour: number; totals: string } {
    const hour = hourOf(t);
    const totals = this.k.totals(hour);
    this.expire(totals, this.retention.hourMs);
    this.op('zadd', this.k.hours, hour, String(hour));
    return { hour, totals };
  }

  push(kind: SecurityListKind, t: number, value: unknown, cap: number, dropName: string): void {
    const { hour, totals } = this.hour(t);
    const key = this.k.list(kind, hour);
    this.expire(key, this.retention.minuteMs);
    this.op('push', key, JSON.stringify(value), cap, this.ref(totals), `drop:${dropName}`);
  }

  status(signal: string, at: number, status: Omit<SignalStatus, 'since' | 'lastWrite'> & Record<string, unknown>): void {
    this.op('hsetnx', this.k.status, `since:${signal}`, String(at));
    this.op('hset', this.k.status, `st:${signal}`, JSON.stringify({ ...status, lastWrite: at }));
  }

  finish(now: number): void {
    this.op('zremlt', this.k.hours, now - this.retention.hourMs);
    this.expire(this.k.hours, this.retention.hourMs);
    this.expire(this.k.status, this.retention.hourMs);
    for (const [key, ms] of this.expiry) this.op('pexpire', key, ms);
  }
}

/** Turns a batch into operations; every list and hash is capped, and what is dropped is counted. */
export function batchOps(batch: SecurityBatch, k: SecurityKeys, retention: Retention): SecurityOps {
  const o = new SecurityOps(k, retention);
  const at = batch.at;
  const auth = batch.auth;
  if (auth) {
    const d = auth.delta;
    for (const s of d.failures) {
      const { hour, totals } = o.hour(s.lastSeen);
      const key = k.sources(hour);
      o.expire(key, retention.minuteMs);
      o.op('hincr', totals, 'failed', s.count);
      const users = s.users.slice(0, CAPS.usersPerSource);
      const json = JSON.stringify({ c: s.count, f: s.firstSeen, l: s.lastSeen, u: users, m: s.usersMore || users.length < s.users.length ? 1 : 0 });
      o.op('src', key, s.source, json, CAPS.sourcesPerHour, o.ref(totals), 'drop:sources', CAPS.usersPerSource);
    }
    for (const u of d.users) {
      const { hour, totals } = o.hour(u.hour ?? at);
      const key = k.users(hour);
      o.expire(key, retention.minuteMs);
      o.op('hincrcap', key, u.user, u.count, CAPS.usersPerHour, o.ref(totals), 'drop:users');
    }
    for (const [minute, source, count] of d.minutes) {
      // Minutes older than the longest window no rule can ask for are not kept at all.
      if (minute < at - MAX_BRUTE_FORCE_WINDOW_MS - MINUTE_MS) continue;
      const key = k.minute(minute);
      o.expire(key, 2 * MAX_BRUTE_FORCE_WINDOW_MS);
      const { totals } = o.hour(minute);
      o.op('hincrcap', key, source, count, CAPS.sourcesPerMinute, o.ref(totals), 'drop:minuteSources');
    }
    for (const a of d.accepted) {
      const { hour, totals } = o.hour(a.time);
      const key = k.list('acc', hour);
      o.expire(key, retention.minuteMs);
      o.expire(k.known, retention.hourMs);
      const pair = `${a.user}\n${a.source ?? ''}`;
      o.op('login', key, o.ref(k.known), pair, CAPS.knownSources, JSON.stringify(a), CAPS.acceptedPerHour, o.ref(totals), 'drop:accepted');
    }
    for (const s of d.sudo) {
      o.op('hincr', o.hour(s.time).totals, s.ok ? 'sudoOk' : 'sudoFailed', 1);
      o.push('sudo', s.time, s, CAPS.sudoPerHour, 'sudo');
    }
    for (const a of d.accounts) o.push('acct', a.time, a, CAPS.accountsPerHour, 'accounts');
    o.status('auth', at, { sources: auth.sources, problem: auth.problem ?? null });
  }
  if (batch.ports) {
    const { snapshot, changes, time } = batch.ports;
    if (snapshot) {
      const sockets = snapshot.sockets.slice(0, CAPS.sockets);
      o.op('set', k.ports, JSON.stringify({ ...snapshot, sockets, cut: snapshot.sockets.length - sockets.length }));
      o.expire(k.ports, retention.hourMs);
    }
    for (const c of changes) o.push('pchg', time, { ...c, time }, CAPS.portChangesPerHour, 'portChanges');
    o.status('ports', at, { problem: batch.ports.problem ?? null });
  }
  if (batch.files) {
    const { snapshot, changes } = batch.files;
    if (snapshot) {
      o.op('set', k.files, JSON.stringify(snapshot));
      o.expire(k.files, retention.hourMs);
    }
    for (const c of changes) o.push('fchg', c.detectedAt, c, CAPS.fileChangesPerHour, 'fileChanges');
    o.status('files', at, { problem: batch.files.problem ?? null });
  }
  if (batch.logins) {
    const { time, current } = batch.logins;
    o.op('set', k.who, JSON.stringify({ time, users: current ? current.slice(0, CAPS.currentLogins) : null }));
    o.expire(k.who, retention.hourMs);
    o.status('logins', at, { problem: batch.logins.problem ?? null });
  }
  o.finish(at);
  return o;
}
