import type { Collector } from '../collect/index.js';
import { snapshotToPoints } from '../collect/index.js';
import type { Snapshot } from '../collect/snapshot.js';
import type { HostRepo } from '../fleet/host-repo.js';
import type { Logger } from '../shared/logger.js';
import type { SeriesStore } from '../store/types.js';
import type { Spool } from './spool.js';

export type AgentLoop = {
  /** One collection; called by the BullMQ job, or by the local timer when jobs stop arriving. */
  tick(source: 'job' | 'timer'): Promise<{ t: number; points: number; spooled: boolean }>;
  start(): void;
  stop(): void;
};

/**
 * Keeps sampling whatever Redis does. Normally the BullMQ scheduler drives ticks; when none has
 * come for 1.5 intervals (Redis down, so no jobs), a local timer takes over and snapshots go to the
 * disk spool. Before any live write, the spool is flushed in order, so the store sees every sample
 * in time order and re-sent ones are dropped by its (series, t) de-duplication.
 */
export function createAgentLoop(opts: {
  collector: Collector;
  store: SeriesStore;
  hosts: HostRepo;
  spool: Spool;
  intervalMs: number;
  log: Logger;
  /** A failed live write (the snapshot went to the spool); the outage reporter counts them. Default: one warning each. */
  onWriteError?: (err: unknown) => void;
}): AgentLoop {
  let last = 0;
  let lastSource: 'job' | 'timer' = 'job';
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<unknown> = Promise.resolve();

  const write = async (s: Snapshot) => {
    await opts.store.append(s.host, snapshotToPoints(s));
    await opts.hosts.recordSnapshot(s);
  };

  const run = async (source: 'job' | 'timer') => {
    const snapshot = await opts.collector.collect();
    last = Date.now();
    lastSource = source;
    const points = snapshotToPoints(snapshot).length;
    try {
      const flushed = await opts.spool.flush(async (batch) => {
        for (const s of batch) await write(s);
      });
      if (flushed > 0) opts.log.info({ flushed }, 'spool flushed to Redis');
      await write(snapshot);
      return { t: snapshot.t, points, spooled: false };
    } catch (err) {
      await opts.spool.write(snapshot);
      if (opts.onWriteError) opts.onWriteError(err);
      else opts.log.warn({ err: (err as Error).message, source, t: snapshot.t }, 'Redis unreachable: snapshot spooled to disk');
      return { t: snapshot.t, points, spooled: true };
    }
  };

  return {
    tick(source) {
      // One tick at a time: the collector keeps rate state, and the spool must flush in order.
      const next = chain.then(() => run(source));
      chain = next.catch(() => undefined);
      return next;
    },
    start() {
      last = Date.now();
      timer = setInterval(() => {
        // Take over after 1.5 intervals without a job; once in charge, keep the interval itself.
        const due = lastSource === 'timer' ? opts.intervalMs * 0.95 : opts.intervalMs * 1.5;
        if (Date.now() - last < due) return;
        void this.tick('timer').catch((err: unknown) => opts.log.error({ err }, 'local collection failed'));
      }, Math.max(100, Math.floor(opts.intervalMs / 10)));
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
