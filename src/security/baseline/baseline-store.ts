/**
 * Where the last accepted snapshots live, by name (`ports`, `files`). Small on purpose: the agent
 * keeps a file-backed store under its data dir today; a Redis-backed one can replace it behind the
 * same two calls.
 */
export type BaselineStore = {
  /** The stored value, or null when none was ever saved. Throws BaselineError when one is there but unreadable. */
  load(name: string): Promise<unknown>;
  save(name: string, value: unknown): Promise<void>;
  /** Where a name is kept, for messages ("baseline at …"). */
  describe(name: string): string;
};

export class BaselineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BaselineError';
  }
}
