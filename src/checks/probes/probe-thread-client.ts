import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../shared/logger.js';
import { spawnSiblingWorker } from '../../shared/spawn-worker.js';
import { fail, type ProbeOutcome, type TimedCheck, type TimedProbeRunner } from './probe.js';
import type { ProbeReply, ProbeTask } from './probe-thread.js';
import { runTimedProbe } from './timed-probes.js';

/** `run`'s `now` is the caller's wall clock (for certificate expiry); durations are the thread's own. */
export type ProbeThread = TimedProbeRunner & {
  /** Starts the thread now rather than with the first probe (the agent does, at start). */
  warm(): void;
  close(): Promise<void>;
};

/** Thread deaths in a row after which probes run in the agent's own loop (and that is logged). */
const MAX_CRASHES = 3;
/** A thread that has not taken a probe by then is stuck: its probes run in-process instead. */
const STARTUP_MS = 30_000;

type Pending = { task: ProbeTask; check: TimedCheck; resolve: (o: ProbeOutcome) => void; now: () => number; timer: NodeJS.Timeout | null };

/**
 * One worker thread for the probes that measure time. Started with the agent (or the first such
 * probe), kept for the agent's life (checks tick every few seconds; a restart per tick would cost
 * more than the thread's heap), and never holding the process open while idle. If the thread dies
 * or never starts, its probes run again in-process, so a tick never loses a result to it. The
 * guard against a probe that forgets its deadline (timeout + 1 s) counts from when the thread
 * begins the probe, so a thread still loading its modules never fails a check.
 */
export function createProbeThread(opts: { log?: Logger; spawnWorker?: () => Worker } = {}): ProbeThread {
  let worker: Worker | null = null;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let crashes = 0;
  let closed = false;

  const settle = (p: Pending, out: ProbeOutcome) => {
    if (p.timer) clearTimeout(p.timer);
    pending.delete(p.task.id);
    p.resolve(out);
    settleRef();
  };
  const inline = (p: Pending) => {
    if (p.timer) clearTimeout(p.timer);
    pending.delete(p.task.id);
    void runTimedProbe(p.check, p.now).then(p.resolve, (err: unknown) => p.resolve(fail(`probe error: ${(err as Error).message}`)));
  };

  const settleRef = () => {
    if (!worker) return;
    if (pending.size > 0) worker.ref();
    else worker.unref();
  };

  const drop = (w: Worker, why: string) => {
    if (worker !== w) return;
    worker = null;
    crashes++;
    const lost = [...pending.values()];
    if (crashes >= MAX_CRASHES)
      opts.log?.error({ why }, 'probe thread keeps failing: timed probes now run in the agent loop, their latency includes its delays');
    else opts.log?.warn({ why, probes: lost.length }, 'probe thread failed: its probes run again in-process');
    for (const p of lost) inline(p);
  };

  const onReply = (reply: ProbeReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    if (reply.accepted) {
      // The thread is up; a command may now wait for latency probes, each bounded by its deadline.
      if (p.timer) clearTimeout(p.timer);
      p.timer = null;
      return;
    }
    if (reply.started) {
      if (p.timer) clearTimeout(p.timer);
      const limit = p.check.timeout + 1_000;
      p.timer = setTimeout(() => settle(p, fail(`probe did not finish within ${limit} ms`)), limit);
      return;
    }
    crashes = 0;
    settle(p, reply.ok ?? fail(`probe error: ${reply.error ?? 'unknown'}`));
  };

  const start = (): Worker | null => {
    if (worker) return worker;
    if (closed || crashes >= MAX_CRASHES) return null;
    try {
      const w = (opts.spawnWorker ?? (() => spawnSiblingWorker(import.meta.url, 'probe-thread.js')))();
      w.on('message', onReply);
      w.on('error', (err) => drop(w, err.message));
      w.on('exit', (code) => drop(w, `exited with code ${code}`));
      worker = w;
      settleRef();
      return w;
    } catch (err) {
      crashes = MAX_CRASHES;
      opts.log?.error({ err: (err as Error).message }, 'probe thread cannot start: timed probes run in the agent loop');
      return null;
    }
  };

  return {
    run(check, now) {
      return new Promise<ProbeOutcome>((resolve) => {
        const p: Pending = { task: { id: nextId++, check, clockOffsetMs: now() - Date.now() }, check, resolve, now, timer: null };
        const w = start();
        if (!w) return void inline(p);
        pending.set(p.task.id, p);
        // Stuck (not merely busy: probes start at once): end it; its probes then run in-process.
        p.timer = setTimeout(() => void w.terminate(), STARTUP_MS);
        settleRef();
        w.postMessage(p.task);
      });
    },
    warm() {
      start();
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      for (const p of [...pending.values()]) inline(p);
      await w?.terminate();
    },
  };
}

let shared: ProbeThread | null = null;

/** The process's probe thread, for callers that were not given one (it never holds the process open). */
export function sharedProbeThread(): ProbeThread {
  shared ??= createProbeThread();
  return shared;
}
