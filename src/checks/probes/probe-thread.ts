/**
 * Worker-thread entry of the probe thread (probe-thread-client.ts). HTTP, TCP and command probes
 * run here, on an event loop of their own: the agent's other work (process scans, systemctl,
 * restarts, Redis, collection) cannot add to the times they measure.
 */
import { parentPort } from 'node:worker_threads';
import type { ProbeOutcome, TimedCheck } from './probe.js';
import { runTimedProbe } from './timed-probes.js';

/** `clockOffsetMs`: the caller's clock minus Date.now(), so an injected clock reaches certificate checks. */
export type ProbeTask = { id: number; check: TimedCheck; clockOffsetMs: number };
/** `started` comes first, when the thread begins the probe: the caller's guard counts from there. */
export type ProbeReply = { id: number; started?: true; ok?: ProbeOutcome; error?: string };

parentPort?.on('message', (task: ProbeTask) => {
  parentPort?.postMessage({ id: task.id, started: true } satisfies ProbeReply);
  const now = () => Date.now() + task.clockOffsetMs;
  runTimedProbe(task.check, now).then(
    (ok) => parentPort?.postMessage({ id: task.id, ok } satisfies ProbeReply),
    (err: unknown) => parentPort?.postMessage({ id: task.id, error: err instanceof Error ? err.message : String(err) } satisfies ProbeReply),
  );
});
