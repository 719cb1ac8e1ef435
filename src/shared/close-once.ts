import type { Logger } from './logger.js';

/**
 * One step of a shutdown, named for the log line its failure leaves. With `timeoutMs`, a step that
 * has not finished by then is left behind (logged) and the rest go on: a library close that never
 * settles (BullMQ workers on a Redis Cluster after a failover) must not keep a stopped service alive.
 */
export type CloseStep = readonly [name: string, run: () => unknown, opts?: { timeoutMs: number }];

/**
 * Runs every step in order, each in its own try/catch, so a failed step is logged and the later
 * ones still run (a half-done shutdown leaks sockets, threads and browsers). Rejects at the end
 * with the first failure.
 */
export async function runCloseSteps(steps: readonly CloseStep[], log: Pick<Logger, 'warn'>): Promise<void> {
  const failures: unknown[] = [];
  for (const [name, run, opts] of steps) {
    try {
      const done = Promise.resolve().then(run);
      if (!opts) await done;
      else if ((await settledWithin(done, opts.timeoutMs)) === 'timeout')
        log.warn({ step: name, timeoutMs: opts.timeoutMs }, 'shutdown step did not finish in time; going on with the rest');
    } catch (err) {
      log.warn({ err, step: name }, 'shutdown step failed; going on with the rest');
      failures.push(err);
    }
  }
  if (failures.length > 0) throw failures[0];
}

/**
 * A close function in the manner of BullMQ's Worker.close: the first call starts the shutdown and
 * every later call gets the same promise, so two callers (a signal and a finally) never close twice.
 */
export function closeOnce(steps: () => readonly CloseStep[], log: Pick<Logger, 'warn'>): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => (closing ??= runCloseSteps(steps(), log));
}

async function settledWithin(p: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([p.then(() => 'done' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
