import type { RedisClient } from '../../redis/client.js';
import type { FilesSnapshot } from '../files/files-diff.js';
import type { CurrentLogin } from '../logins/login-history.js';
import type { PortsSnapshot } from '../ports/ports-snapshot.js';
import { asNumber, runScript } from '../../store/lua/run-script.js';
import { hourOf, HOUR_MS, minuteOf, MINUTE_MS, securityKeys, type SecurityKeys, type SecurityListKind } from './security-keys.js';
import { acceptedOf, readList, readPeriod, type AcceptedLoginRaw } from './security-period.js';
import {
  MAX_BRUTE_FORCE_WINDOW_MS,
  type AuthStatus,
  type SecurityRange,
  type SecurityReader,
  type SecurityRepo,
  type SignalStatus,
  type StoredFileChange,
  type StoredPortChange,
} from './security-repo.js';
import { APPLY_SECURITY_BATCH } from './security-script.js';
import { batchOps, type Retention } from './security-write-ops.js';

/** Batch ids remembered per host: a replay comes right after the crash that caused it. */
const BATCH_IDS_KEPT = 5_000;

function parse<T>(raw: string | null | undefined): T | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

/** The signal's status with its first write, or null when the agent never wrote it. */
export function signalStatus<T extends SignalStatus>(st: Record<string, string>, signal: string): T | null {
  const since = Number(st[`since:${signal}`]);
  const body = parse<Omit<T, 'since'>>(st[`st:${signal}`]);
  if (!Number.isFinite(since) || !body) return null;
  return { ...body, since } as T;
}

/** The security store in Redis (key layout in security-keys.ts); one Lua call per batch. */
export function createRedisSecurityRepo(opts: { redis: RedisClient; prefix: string; retention: Retention }): SecurityRepo {
  const { redis } = opts;
  return {
    ...createRedisSecurityReader(opts),
    async write(batch) {
      const o = batchOps(batch, securityKeys(opts.prefix, batch.host), opts.retention);
      const applied = await runScript(redis, APPLY_SECURITY_BATCH, o.keys, [
        batch.batchId,
        batch.at,
        BATCH_IDS_KEPT,
        JSON.stringify(o.ops),
        opts.retention.minuteMs,
      ]);
      return asNumber(applied) === 1;
    },
  };
}

/** The read side alone (reports, alert rules): no retention to know. */
export function createRedisSecurityReader(opts: { redis: RedisClient; prefix: string }): SecurityReader {
  const { redis } = opts;
  const keys = (host: string): SecurityKeys => securityKeys(opts.prefix, host);
  const hoursOf = async (k: SecurityKeys, range: SecurityRange) =>
    (await redis.zrangebyscore(k.hours, hourOf(range.from), `(${range.to}`)).map(Number).filter((h) => h + HOUR_MS > range.from);
  const list = async <T>(range: SecurityRange, kind: SecurityListKind, time: (x: T) => number | null): Promise<T[]> => {
    const k = keys(range.host);
    return readList<T>({ redis, k, hours: await hoursOf(k, range), kind, range, time });
  };
  return {
    accepted: async (range) => (await list<AcceptedLoginRaw>(range, 'acc', (a) => a.time)).map(acceptedOf),
    portChanges: (range) => list<StoredPortChange>(range, 'pchg', (c) => c.time),
    fileChanges: (range) => list<StoredFileChange>(range, 'fchg', (c) => c.detectedAt),
    async period(range) {
      const k = keys(range.host);
      const [hours, st] = await Promise.all([redis.zrangebyscore(k.hours, hourOf(range.from), `(${range.to}`), redis.hgetall(k.status)]);
      const data = await readPeriod({ redis, k, hours: hours.map(Number).filter((h) => h + HOUR_MS > range.from), range });
      return {
        auth: signalStatus<AuthStatus>(st, 'auth'),
        ports: signalStatus(st, 'ports'),
        files: signalStatus(st, 'files'),
        logins: signalStatus(st, 'logins'),
        ...data,
      };
    },
    async latestPorts(host) {
      return parse<PortsSnapshot>(await redis.get(keys(host).ports));
    },
    async latestFiles(host) {
      return parse<FilesSnapshot>(await redis.get(keys(host).files));
    },
    async currentLogins(host) {
      return parse<{ time: number; users: CurrentLogin[] | null }>(await redis.get(keys(host).who));
    },
    async failuresBySource(range) {
      const k = keys(range.host);
      const pipe = redis.pipeline();
      // Minute buckets are kept only this long: older minutes would be empty reads.
      const from = Math.max(range.from, range.to - MAX_BRUTE_FORCE_WINDOW_MS - MINUTE_MS);
      for (let m = minuteOf(from); m < range.to; m += MINUTE_MS) pipe.hgetall(k.minute(m));
      const out = new Map<string, number>();
      for (const [err, h] of (await pipe.exec()) ?? []) {
        if (err) throw err;
        for (const [source, n] of Object.entries(h as Record<string, string>)) out.set(source, (out.get(source) ?? 0) + Number(n));
      }
      return out;
    },
  };
}
