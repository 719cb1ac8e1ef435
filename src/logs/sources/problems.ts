import type { Logger } from '../../shared/logger.js';

/**
 * A source's warnings, each logged once when its condition begins (not on every tick that still
 * sees it) and once more, at info, when it ends. Keys name the condition and the path, so a file
 * missing and the same file unreadable later are two conditions.
 */
export type Problems = {
  /** Logs `message` unless this key is already in force. */
  raise(key: string, message: string, fields?: Record<string, unknown>): void;
  /** Ends the condition (logging that it did) if it was in force. */
  clear(key: string, message?: string): void;
  has(key: string): boolean;
  keys(): string[];
  list(): string[];
};

export function createProblems(opts: { log: Logger; source: string }): Problems {
  const active = new Map<string, string>();
  const clear = (key: string, message?: string) => {
    const was = active.get(key);
    if (was === undefined) return;
    active.delete(key);
    opts.log.info({ source: opts.source, resolved: was }, message ?? 'log source recovered');
  };
  return {
    raise(key, message, fields) {
      const known = active.has(key);
      // Kept current for status(), but not logged again: the condition has not ended.
      active.set(key, message);
      if (known) return;
      opts.log.warn({ source: opts.source, ...fields }, message);
    },
    clear,
    has: (key) => active.has(key),
    keys: () => [...active.keys()],
    list: () => [...active.values()],
  };
}
