import type { Logger } from '../shared/logger.js';
import { isConnectionError } from './connection-errors.js';

/**
 * Every Redis client, queue and worker reports its errors here. During an outage each of them
 * fails several times a second; logging each (with a stack) buried everything else.
 */
export type OutageReporter = {
  /** An error from `source` (e.g. "redis", "queue report", "worker deliver"); anything but a connection error is logged as it is. */
  error(source: string, err: unknown): void;
  /** Redis answers again (the main connection is ready). */
  recovered(): void;
  /** Stops the step timer (shutdown). */
  close(): void;
};

/** Status lines while Redis stays away: after 1 s, 2 s, 4 s … then every 5 minutes. */
const FIRST_STEP_MS = 1_000;
const MAX_STEP_MS = 5 * 60_000;
/** After a recovery the other connections reconnect on their own schedule: their last errors are not a new outage. */
const SETTLE_MS = 5_000;

/**
 * Logs an outage as: the first error (message and code, no stack), one line per backoff step with
 * the count of errors since the last line, and one line on recovery with the total.
 */
export function createOutageReporter(opts: { log: Logger; now?: () => number; firstStepMs?: number; maxStepMs?: number }): OutageReporter {
  const now = opts.now ?? Date.now;
  const firstStep = opts.firstStepMs ?? FIRST_STEP_MS;
  const maxStep = opts.maxStepMs ?? MAX_STEP_MS;
  let since: number | null = null;
  let total = 0;
  let sinceLast: Record<string, number> = {};
  let step = firstStep;
  let timer: NodeJS.Timeout | null = null;
  let settledAt = 0;
  let suppressedAfterRecovery = 0;

  const schedule = () => {
    timer = setTimeout(() => {
      if (since === null) return;
      const counts = sinceLast;
      sinceLast = {};
      const next = Math.min(step * 2, maxStep);
      opts.log.warn({ downForMs: now() - since, errors: counts, totalErrors: total, nextReportInMs: next }, 'Redis still unreachable');
      step = next;
      schedule();
    }, step);
    timer.unref();
  };

  return {
    error(source, err) {
      if (!isConnectionError(err)) {
        opts.log.error({ err, source }, `${source} error`);
        return;
      }
      if (since === null && now() < settledAt) {
        suppressedAfterRecovery++;
        return;
      }
      total++;
      sinceLast[source] = (sinceLast[source] ?? 0) + 1;
      if (since !== null) return;
      since = now();
      step = firstStep;
      const e = err as { message?: string; code?: string };
      opts.log.error({ source, err: e.message, code: e.code }, 'Redis unreachable: counting errors, one status line per backoff step until it is back');
      schedule();
    },
    recovered() {
      if (since === null) return;
      opts.log.info({ downForMs: now() - since, totalErrors: total }, 'Redis reachable again');
      since = null;
      total = 0;
      sinceLast = {};
      settledAt = now() + SETTLE_MS;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (suppressedAfterRecovery > 0) opts.log.debug({ suppressedAfterRecovery }, 'connection errors while reconnecting after an outage');
    },
  };
}
