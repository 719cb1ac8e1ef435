import type { Logger } from '../../shared/logger.js';

/**
 * One warning when log writes start failing and one line when they succeed again, whatever the
 * number of sources and retries in between: an outage is one event, not a flood.
 */
export type StoreHealth = {
  failed(err: unknown): void;
  ok(): void;
  readonly down: boolean;
};

export function createStoreHealth(opts: { log: Logger; now?: () => number }): StoreHealth {
  const now = opts.now ?? Date.now;
  let since: number | null = null;
  let failures = 0;
  return {
    failed(err) {
      failures++;
      if (since !== null) return;
      since = now();
      opts.log.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'log counts cannot be written to Redis: each source keeps its batch pending and retries; no line is lost or read ahead',
      );
    },
    ok() {
      if (since === null) return;
      opts.log.info({ downForMs: now() - since, failedWrites: failures }, 'log counts are written to Redis again');
      since = null;
      failures = 0;
    },
    get down() {
      return since !== null;
    },
  };
}
