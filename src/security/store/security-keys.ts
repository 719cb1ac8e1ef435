import { hostTag } from '../../store/keys.js';

/**
 * Security keys of one host, under the store's hash tag `{h:<host>}` so a batch's script touches
 * one slot:
 *
 *   <prefix>:{h:<host>}:sec:batches      ZSET  applied batch ids -> time (the newest few thousand)
 *   <prefix>:{h:<host>}:sec:st           HASH  since:<signal> (first write), st:<signal> (JSON status)
 *   <prefix>:{h:<host>}:sec:hours        ZSET  hour starts that hold data (so a period reads only those)
 *   <prefix>:{h:<host>}:sec:tot:<hour>   HASH  failed, sudoOk, sudoFailed, drop:<list> counters   (hour tier)
 *   <prefix>:{h:<host>}:sec:src:<hour>   HASH  source -> {c,f,l,u,m}                              (minute tier)
 *   <prefix>:{h:<host>}:sec:usr:<hour>   HASH  user tried -> failures                              (minute tier)
 *   <prefix>:{h:<host>}:sec:acc|sudo|acct|pchg|fchg:<hour>  LIST JSON events                       (minute tier)
 *   <prefix>:{h:<host>}:sec:fm:<minute>  HASH  source -> failures in that minute (brute-force rules; 2 h)
 *   <prefix>:{h:<host>}:sec:known        HASH  user \n source -> first accepted login (hour tier)
 *   <prefix>:{h:<host>}:sec:ports|files|who  STRING the latest snapshot as JSON (hour tier)
 */
export type SecurityListKind = 'acc' | 'sudo' | 'acct' | 'pchg' | 'fchg';

export type SecurityKeys = {
  batches: string;
  status: string;
  hours: string;
  known: string;
  ports: string;
  files: string;
  who: string;
  totals(hour: number): string;
  sources(hour: number): string;
  users(hour: number): string;
  list(kind: SecurityListKind, hour: number): string;
  minute(minute: number): string;
};

export function securityKeys(prefix: string, host: string): SecurityKeys {
  const base = `${prefix}:${hostTag(host)}:sec`;
  return {
    batches: `${base}:batches`,
    status: `${base}:st`,
    hours: `${base}:hours`,
    known: `${base}:known`,
    ports: `${base}:ports`,
    files: `${base}:files`,
    who: `${base}:who`,
    totals: (h) => `${base}:tot:${h}`,
    sources: (h) => `${base}:src:${h}`,
    users: (h) => `${base}:usr:${h}`,
    list: (kind, h) => `${base}:${kind}:${h}`,
    minute: (m) => `${base}:fm:${m}`,
  };
}

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export const hourOf = (t: number): number => Math.floor(t / HOUR_MS) * HOUR_MS;
export const minuteOf = (t: number): number => Math.floor(t / MINUTE_MS) * MINUTE_MS;
