import { newHolder, parseHolder } from '../../../src/redis/lease.js';
import type { Lease, LeaseRequest, Leases } from '../../../src/redis/lease-types.js';
import { knownDead } from '../../../src/shared/process-identity.js';

/**
 * Leases in one process's memory, for unit tests: the same holder values and the same takeover of
 * a holder known to be dead as the Redis leases; a fence cannot be checked here (no BullMQ).
 */
export function createMemoryLeases(now: () => number = Date.now): Leases {
  const held = new Map<string, { value: string; until: number }>();
  const current = (key: string) => {
    const h = held.get(key);
    if (h && h.until <= now()) held.delete(key);
    return held.get(key)?.value ?? null;
  };
  return {
    async tryAcquire(r) {
      const cur = current(r.key);
      const holder = cur === null ? null : parseHolder(cur);
      if (cur !== null && (!holder || !knownDead(holder))) return { lease: null, holder };
      if (cur !== null) r.onTakeover?.(holder);
      const value = JSON.stringify(newHolder(r.fence));
      held.set(r.key, { value, until: now() + r.ttlMs });
      return { lease: memoryLease(r, value, held, current, now) };
    },
  };
}

function memoryLease(
  r: LeaseRequest,
  value: string,
  held: Map<string, { value: string; until: number }>,
  current: (key: string) => string | null,
  now: () => number,
): Lease {
  const timer = setInterval(
    () => {
      if (current(r.key) === value) held.set(r.key, { value, until: now() + r.ttlMs });
    },
    Math.max(200, Math.floor(r.ttlMs / 3)),
  );
  timer.unref();
  return {
    async held() {
      return current(r.key) === value;
    },
    async release() {
      clearInterval(timer);
      if (current(r.key) === value) held.delete(r.key);
    },
  };
}
