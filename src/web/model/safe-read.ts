import type { Logger } from '../../shared/logger.js';

/**
 * Checks and alerts are read sides of other stages: when one fails, the page still renders and
 * says so, rather than the whole console going down with it.
 */
export async function safeRead<T>(log: Logger, what: string, fn: () => Promise<T>, fallback: T): Promise<{ value: T; failed: boolean }> {
  try {
    return { value: await fn(), failed: false };
  } catch (err) {
    log.warn({ err: (err as Error).message, what }, 'console could not read');
    return { value: fallback, failed: true };
  }
}
