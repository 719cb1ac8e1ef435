import type { JobFence, Leases } from '../redis/lease-types.js';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export type { JobFence } from '../redis/lease-types.js';

export type RenderLease = {
  /** Throws LEASE_LOST when another worker has taken the lease over, having found this one dead. */
  assertHeld(): Promise<void>;
  release(): Promise<void>;
};

/**
 * The render lease of one report (src/redis/lease.ts): a dead holder is replaced at once, a live
 * one is waited for up to `waitMs`, since its report is then archived and reused.
 */
export async function acquireRenderLease(o: {
  leases: Leases;
  key: string;
  ttlMs: number;
  waitMs: number;
  fence?: JobFence;
  log: Logger;
  what: string;
}): Promise<RenderLease> {
  const deadline = Date.now() + o.waitMs;
  for (;;) {
    const got = await o.leases.tryAcquire({
      key: o.key,
      ttlMs: o.ttlMs,
      ...(o.fence ? { fence: o.fence } : {}),
      onTakeover: (h) => o.log.warn({ report: o.what, holder: { host: h?.host, pid: h?.pid } }, 'render lease held by a dead worker: taking it over'),
      onLost: () => o.log.warn({ report: o.what }, 'render lease lost: another worker took this report over'),
    });
    if (got.lease) {
      const { lease } = got;
      return {
        async assertHeld() {
          if (await lease.held()) return;
          throw new AppError('LEASE_LOST', `report ${o.what} was taken over by another worker while this one worked on it`);
        },
        release: () => lease.release(),
      };
    }
    if (Date.now() >= deadline) {
      const h = got.holder;
      const who = h ? ` (pid ${h.pid} on ${h.host}, since ${new Date(h.since).toISOString()})` : '';
      throw new AppError('REPORT_BUSY', `report ${o.what} is being rendered by another worker${who}`);
    }
    await new Promise((r) => setTimeout(r, Math.min(1_000, Math.max(100, o.ttlMs / 4))));
  }
}
