import type { Lease, Leases } from '../redis/lease-types.js';
import { AppError } from '../shared/errors.js';

export type WriterLock = {
  /** Runs `fn` as the archive's only writer; calls in one process queue up behind each other. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Throws LEASE_LOST unless this process still holds the lease: checked before every chain write. */
  assertHeld(): Promise<void>;
};

/**
 * The single writer of a chain kept on a store without append (S3): a Redis lease
 * (src/redis/lease.ts), so a writer that died is replaced within the lease's TTL, or at once when
 * its process is seen gone on the same host. Writers on other machines wait for it; nothing here
 * trusts clocks beyond the TTL Redis keeps.
 */
export function createWriterLock(o: { leases: Leases; key: string; ttlMs: number; waitMs: number }): WriterLock {
  let chain: Promise<unknown> = Promise.resolve();
  let current: Lease | null = null;
  const acquire = async (): Promise<Lease> => {
    const deadline = Date.now() + o.waitMs;
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      const got = await o.leases.tryAcquire({ key: o.key, ttlMs: o.ttlMs });
      if (got.lease) return got.lease;
      if (Date.now() >= deadline) {
        const h = got.holder;
        const who = h ? ` by pid ${h.pid} on ${h.host} since ${new Date(h.since).toISOString()}` : '';
        throw new AppError('ARCHIVE_BUSY', `the archive's chain is held${who} (lease ${o.key}); gave up after ${o.waitMs} ms`);
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  };
  return {
    run(fn) {
      const run = chain.then(async () => {
        current = await acquire();
        try {
          return await fn();
        } finally {
          const lease = current;
          current = null;
          await lease.release().catch(() => undefined);
        }
      });
      chain = run.catch(() => undefined);
      return run;
    },
    async assertHeld() {
      if (current && (await current.held())) return;
      throw new AppError('LEASE_LOST', `the archive's chain lease ${o.key} was lost (taken over after it ran out): nothing was written`);
    },
  };
}
