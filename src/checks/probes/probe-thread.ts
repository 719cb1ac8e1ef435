/**
 * Worker-thread entry of the probe thread (probe-thread-client.ts). HTTP, TCP and command probes
 * run here, on an event loop of their own: the agent's other work (process scans, systemctl,
 * restarts, Redis, collection) cannot add to the times they measure.
 *
 * Starting a command forks this process, which holds the thread for milliseconds to tens of
 * milliseconds (more on a loaded host): a connect completing meanwhile would be timed late. So a
 * command waits until no HTTP or TCP probe is in flight. Each of those ends by its own deadline,
 * and a tick's probes arrive together, so the wait is bounded by the tick's slowest latency probe.
 */
import { parentPort } from 'node:worker_threads';
import type { ProbeOutcome, TimedCheck } from './probe.js';
import { runTimedProbe } from './timed-probes.js';

/** `clockOffsetMs`: the caller's clock minus Date.now(), so an injected clock reaches certificate checks. */
export type ProbeTask = { id: number; check: TimedCheck; clockOffsetMs: number };
/**
 * `accepted` on receipt (the thread is up); `started` when the probe begins (a command may wait
 * for latency probes first): the caller's deadline guard counts from there; then the outcome.
 */
export type ProbeReply = { id: number; accepted?: true; started?: true; ok?: ProbeOutcome; error?: string };

let latencyInFlight = 0;
const commandsWaiting: Array<() => void> = [];

function run(task: ProbeTask): Promise<void> {
  parentPort?.postMessage({ id: task.id, started: true } satisfies ProbeReply);
  const now = () => Date.now() + task.clockOffsetMs;
  return runTimedProbe(task.check, now).then(
    (ok) => parentPort?.postMessage({ id: task.id, ok } satisfies ProbeReply),
    (err: unknown) => parentPort?.postMessage({ id: task.id, error: err instanceof Error ? err.message : String(err) } satisfies ProbeReply),
  );
}

parentPort?.on('message', (task: ProbeTask) => {
  parentPort?.postMessage({ id: task.id, accepted: true } satisfies ProbeReply);
  if (task.check.kind === 'command') {
    if (latencyInFlight === 0) void run(task);
    else commandsWaiting.push(() => void run(task));
    return;
  }
  latencyInFlight++;
  void run(task).finally(() => {
    latencyInFlight--;
    if (latencyInFlight === 0) for (const go of commandsWaiting.splice(0)) go();
  });
});
