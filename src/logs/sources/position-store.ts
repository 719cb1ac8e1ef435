import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { readJson, writeJsonAtomic } from '../../shared/json-file.js';

/**
 * Where sources keep their positions between restarts. The file store below is the default; an
 * integration that stores counts in Redis can implement this on Redis instead, so that counts and
 * positions are written in one transaction (then no batch is ever counted twice).
 */
export type PositionStore = {
  /** The state last saved for this source, or null when there is none. */
  load(source: string): Promise<unknown>;
  save(source: string, state: unknown): Promise<void>;
};

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** One JSON file per source in `dir`, replaced atomically (temp file, fsync, rename, fsync dir). */
export function createFilePositionStore(dir: string): PositionStore {
  const fileOf = (source: string): string => {
    // Source ids come from the config (ZId); checked again because they become file names.
    if (!SAFE_ID.test(source)) throw new Error(`log source id ${JSON.stringify(source)} cannot name a position file`);
    return join(dir, `${source}.json`);
  };
  return {
    async load(source) {
      const file = fileOf(source);
      try {
        return await readJson<unknown>(file);
      } catch (err) {
        // Kept for a post-mortem rather than overwritten by the next save.
        const aside = `${file}.corrupt-${Date.now()}`;
        await rename(file, aside).catch(() => undefined);
        throw new Error(`${(err as Error).message}; moved aside to ${aside}`, { cause: err });
      }
    },
    save: (source, state) => writeJsonAtomic(fileOf(source), state),
  };
}

/** A store in memory: for a source whose position need not survive the process (e.g. `logs analyze`). */
export function createMemoryPositionStore(): PositionStore & { snapshot(): Map<string, unknown> } {
  const saved = new Map<string, unknown>();
  return {
    load: async (source) => structuredClone(saved.get(source) ?? null),
    save: async (source, state) => void saved.set(source, structuredClone(state)),
    snapshot: () => new Map(saved),
  };
}
