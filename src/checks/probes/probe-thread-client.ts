import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../shared/logger.js';
import { spawnSiblingWorker } from '../../shared/spawn-worker.js';
import type { ProbeOutcome, TimedProbeRunner } from './probe.js';
import type { ProbeReply, ProbeTask } from './probe-thread.js';
import { runTimedProbe } from './timed-probes.js';

/** `run`'s `now` is the caller's wall clock (for certificate expiry); durations are the thread's own. */
export type ProbeThread = TimedProbeRunner & { close(): Promise<void> };

/** Thread deaths in a row after which probes run in the agent's own loop (and that is logged). */
const MAX_CRASHES = 3;

type Pending = { task: ProbeTask; resolve: (o: ProbeOutcome) => void; now: () => number };

/**
 * One worker thread for the probes that measure time. Started with the first such probe, kept for
 * the agent's life (checks tick every few seconds; a restart per tick would cost more than the
 * thread's heap), and never holding the process open while idle. If the thread dies, its probes
 * run again in-process, so a tick never loses a result to it.
 */
export function createProbeThread(opts: { log?: Logger; spawnWorker?: () => Worker } = {}): ProbeThread {
  let worker: Worker | null = null;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let crashes = 0;
  let closed = false;

  const inline = (p: Pending) => runTimedProbe(p.task.check, p.now).then(p.resolve, (err: unknown) => p.resolve({ status: 'fail', message: `probe error: ${(err as Error).message}`, latencyMs: null }));

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
    pending.clear();
    if (crashes >= MAX_CRASHES) opts.log?.error({ why }, 'probe thread keeps failing: timed probes now run in the agent loop, their latency includes its delays');
    else opts.log?.warn({ why, probes: lost.length }, 'probe thread failed: its probes run again in-process');
    for (const p of lost) void inline(p);
  };

  const start = (): Worker | null => {
    if (worker) return worker;
    if (closed || crashes >= MAX_CRASHES) return null;
    try {
      const w = (opts.spawnWorker ?? (() => spawnSiblingWorker(import.meta.url, 'probe-thread.js')))();
      w.on('message', (reply: ProbeReply) => {
        const p = pending.get(reply.id);
        if (!p) return;
        pending.delete(reply.id);
        crashes = 0;
        if (reply.ok) p.resolve(reply.ok);
        else p.resolve({ status: 'fail', message: `probe error: ${reply.error ?? 'unknown'}`, latencyMs: null });
        settleRef();
      });
      w.on('error', (err) => drop(w, err.message));
      w.on('exit', (code) => drop(w, `exited with code ${code}`));
      worker = w;
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
        const p: Pending = { task: { id: nextId++, check, clockOffsetMs: now() - Date.now() }, resolve, now };
        const w = start();
        if (!w) return void inline(p);
        pending.set(p.task.id, p);
        settleRef();
        w.postMessage(p.task);
      });
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      for (const p of pending.values()) void inline(p);
      pending.clear();
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
