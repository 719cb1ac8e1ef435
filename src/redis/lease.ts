import { randomUUID } from 'node:crypto';
import type { RedisClient } from './client.js';
import { knownDead, thisProcess } from '../shared/process-identity.js';
import type { Lease, LeaseHolder, LeaseRequest, Leases } from './lease-types.js';

export type { JobFence, Lease, LeaseHolder, LeaseRequest, Leases } from './lease-types.js';

// Sets the lease if free, or replaces the exact holder value the caller found dead.
const ACQUIRE = `local cur = redis.call('GET', KEYS[1])
if (not cur) or (ARGV[3] ~= '' and cur == ARGV[3]) then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return '' end
return cur`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** A new holder value for this process: the one token scheme every lease uses. */
export function newHolder(fence?: LeaseHolder['fence']): LeaseHolder {
  return { ...thisProcess(), lease: randomUUID(), since: Date.now(), ...(fence ? { fence } : {}) };
}

export function parseHolder(raw: string): LeaseHolder | null {
  try {
    const h = JSON.parse(raw) as LeaseHolder;
    return typeof h === 'object' && h !== null && typeof h.lease === 'string' ? h : null;
  } catch {
    // A lock from an older version (a bare token): only its TTL can end it.
    return null;
  }
}

/** Redis leases: one key per lease, its value the holder (newHolder), renewed by a heartbeat. */
export function createRedisLeases(o: { redis: RedisClient }): Leases {
  const { redis } = o;
  const gone = async (h: LeaseHolder) => (h.fence !== undefined && (await redis.get(h.fence.key)) !== h.fence.token) || knownDead(h);
  return {
    async tryAcquire(r) {
      const value = JSON.stringify(newHolder(r.fence));
      let dead = '';
      for (;;) {
        const cur = (await redis.eval(ACQUIRE, 1, r.key, value, String(r.ttlMs), dead)) as string;
        if (cur === '') {
          if (dead) r.onTakeover?.(parseHolder(dead));
          return { lease: heartbeat(redis, r, value) };
        }
        const holder = parseHolder(cur);
        // A holder found gone is replaced only if it is still the holder; a newer one is judged afresh.
        if (!holder || !(await gone(holder))) return { lease: null, holder };
        dead = cur;
      }
    },
  };
}

function heartbeat(redis: RedisClient, r: LeaseRequest, value: string): Lease {
  let lost = false;
  const markLost = () => {
    if (lost) return;
    lost = true;
    r.onLost?.();
  };
  const timer = setInterval(
    () => {
      void (redis.eval(RENEW, 1, r.key, value, String(r.ttlMs)) as Promise<number>).then(
        (ok) => (ok === 1 ? undefined : markLost()),
        // Redis away: try again next beat; past the TTL another process may take over, and
        // held() tells the holder before it commits anything.
        () => undefined,
      );
    },
    Math.max(200, Math.floor(r.ttlMs / 3)),
  );
  timer.unref();
  return {
    async held() {
      if (!lost && (await redis.get(r.key)) === value) return true;
      lost = true;
      return false;
    },
    async release() {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, r.key, value);
    },
  };
}
