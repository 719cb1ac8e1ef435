import { performance } from 'node:perf_hooks';
import type { Collector } from '../collect/index.js';
import { snapshotToPoints } from '../collect/index.js';
import type { Snapshot } from '../collect/snapshot.js';
import type { HostRepo } from '../fleet/host-repo.js';
import type { Logger } from '../shared/logger.js';
import type { SeriesStore } from '../store/types.js';
import type { Spool } from './spool.js';

export type TickResult = { t: number; points: number; spooled: boolean; skipped?: boolean };

export type AgentLoop = {
  /** One collection; called by the BullMQ job, or by the local timer when jobs stop arriving. */
  tick(source: 'job' | 'timer'): Promise<TickResult>;
  start(): void;
  /** Redis may have gone away (the writer's connection closed): the timer takes the due slot without waiting out the takeover delay. */
  recheck(): void;
  stop(): void;
};

/** Jobs a little late are still the job stream: the timer waits this share of an interval past due. */
const TAKEOVER = 0.25;
/** A job this soon after the last sample is for a slot already sampled (by the timer). */
const SAME_SLOT = 0.5;

/**
 * Keeps sampling whatever Redis does, one sample per interval. Normally the BullMQ scheduler
 * drives ticks. A local timer keeps the same slots (the job stream's phase, on the monotonic
 * clock): when Redis is known to be away (the writer's connection is down or the last write
 * failed) it samples on the slot the missing job was due, and when jobs merely stop coming it
 * samples a quarter interval later. A job for a slot the timer already took is skipped. Samples
 * that cannot be written go to the disk spool; before any live write the spool is flushed in
 * order, so the store sees every sample in time order and drops re-sent ones by (series, t).
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
  /** Whether the writer's connection is up; without it only failed writes say Redis is away. */
  redisUp?: () => boolean;
}): AgentLoop {
  const interval = opts.intervalMs;
  // Monotonic: a wall-clock step on the host must neither double nor skip a slot.
  const now = () => performance.now();
  let nextDue = now();
  let lastSampleAt = -Infinity;
  let lastWriteFailed = false;
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<unknown> = Promise.resolve();

  const redisAway = () => lastWriteFailed || (opts.redisUp ? !opts.redisUp() : false);

  const write = async (s: Snapshot, points = snapshotToPoints(s)) => {
    await opts.store.append(s.host, points);
    await opts.hosts.recordSnapshot(s);
  };

  const run = async (source: 'job' | 'timer'): Promise<TickResult> => {
    const at = now();
    if (source === 'job') {
      // The job stream sets the phase, even when its job finds the slot already sampled.
      nextDue = at + interval;
      if (at - lastSampleAt < SAME_SLOT * interval) return { t: Date.now(), points: 0, spooled: false, skipped: true };
    } else {
      // Keep the slots' phase; after a stall, start again from now rather than catch up in a burst.
      nextDue = at - nextDue < interval ? nextDue + interval : at + interval;
    }
    lastSampleAt = at;
    const snapshot = await opts.collector.collect();
    // Turned into points once: counted here and written below.
    const points = snapshotToPoints(snapshot);
    try {
      const flushed = await opts.spool.flush(async (batch) => {
        for (const s of batch) await write(s);
      });
      if (flushed > 0) opts.log.info({ flushed }, 'spool flushed to Redis');
      await write(snapshot, points);
      lastWriteFailed = false;
      return { t: snapshot.t, points: points.length, spooled: false };
    } catch (err) {
      lastWriteFailed = true;
      await opts.spool.write(snapshot);
      if (opts.onWriteError) opts.onWriteError(err);
      else opts.log.warn({ err: (err as Error).message, source, t: snapshot.t }, 'Redis unreachable: snapshot spooled to disk');
      return { t: snapshot.t, points: points.length, spooled: true };
    }
  };

  // One timeout to the moment a sample is next due, not a poll: an agent whose jobs arrive wakes
  // at most twice an interval for it (at the slot, then at the takeover point) instead of twenty
  // times. `recheck()` moves it up when Redis goes away in between (the writer's connection closed).
  let busy = false;
  let running = false;
  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!running || busy) return;
    const due = nextDue + (redisAway() ? 0 : TAKEOVER * interval);
    timer = setTimeout(wake, Math.max(0, due - now()));
    timer.unref();
  };
  const wake = (): void => {
    timer = null;
    if (!running || busy) return;
    const due = nextDue + (redisAway() ? 0 : TAKEOVER * interval);
    if (now() < due) return arm();
    busy = true;
    void loop
      .tick('timer')
      .catch((err: unknown) => opts.log.error({ err }, 'local collection failed'))
      .finally(() => {
        busy = false;
        arm();
      });
  };
  const loop: AgentLoop = {
    tick(source) {
      // One tick at a time: the collector keeps rate state, and the spool must flush in order.
      const next = chain.then(() => run(source));
      chain = next.catch(() => undefined);
      // A job moved the slot's phase: the timer follows it.
      if (source === 'job') void next.finally(arm).catch(() => undefined);
      return next;
    },
    start() {
      nextDue = now();
      running = true;
      arm();
    },
    recheck() {
      arm();
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
  return loop;
}
