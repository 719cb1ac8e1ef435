import type { Logger } from './logger.js';

/** One step of a shutdown, named for the log line its failure leaves. */
export type CloseStep = readonly [name: string, run: () => unknown];

/**
 * Runs every step in order, each in its own try/catch, so a failed step is logged and the later
 * ones still run (a half-done shutdown leaks sockets, threads and browsers). Rejects at the end
 * with the first failure.
 */
export async function runCloseSteps(steps: readonly CloseStep[], log: Pick<Logger, 'warn'>): Promise<void> {
  const failures: unknown[] = [];
  for (const [name, run] of steps) {
    try {
      await run();
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
