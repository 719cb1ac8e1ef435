import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readJson, writeJsonAtomic } from '../../shared/json-file.js';
import { PRIORITY_NAMES } from '../types.js';
import type { LogBatch } from '../store/log-repo.js';
import type { SecurityBatch } from '../../security/store/security-repo.js';

/**
 * What an agent keeps per log source between restarts, in one file written atomically: the read
 * position, the template miner's snapshot (so ids survive a restart), when it first read the source,
 * and the batch last handed to the store. Keeping the batch with the position it leads to is what
 * makes the store's count exact across a crash: a restart writes that batch again (the store counts
 * a batch id once) before reading on from the position.
 */
export type SourceState = {
  version: 1;
  position: unknown;
  miner: unknown;
  since: number;
  pending: LogBatch | null;
  /** The auth events of the pending batch (security.auth.sources), written with it; absent for other sources. */
  pendingAuth?: SecurityBatch | null;
};

const ZSeverity = z.enum([...PRIORITY_NAMES, 'unknown']);
const ZLogBatch = z.object({
  host: z.string().min(1),
  source: z.string().min(1),
  batchId: z.string().min(1),
  counts: z.array(
    z.object({ templateId: z.string().min(1), severity: ZSeverity, source: z.string().min(1), minute: z.number(), count: z.number().int().min(0) }),
  ),
  templates: z.array(z.object({ id: z.string().min(1), template: z.string(), examples: z.array(z.string()) })),
  status: z.object({ source: z.string(), since: z.number(), lastRead: z.number(), problem: z.string().nullable() }),
});
// This agent wrote it with the batch a moment ago: its shape is the security store's contract.
const ZAuthBatch = z.looseObject({ host: z.string().min(1), batchId: z.string().min(1), at: z.number() });
const ZSourceState = z.object({
  version: z.literal(1),
  position: z.unknown(),
  miner: z.unknown(),
  since: z.number(),
  pending: ZLogBatch.nullable(),
  pendingAuth: ZAuthBatch.nullable().optional(),
});

export type SourceStateStore = {
  /** The saved state, or null (none yet, or unreadable: then it is moved aside and the reason thrown). */
  load(source: string): Promise<SourceState | null>;
  save(source: string, state: SourceState): Promise<void>;
};

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** One JSON file per source in `dir` (the agent's log-positions directory). */
export function createSourceStateStore(dir: string): SourceStateStore {
  const fileOf = (source: string): string => {
    if (!SAFE_ID.test(source)) throw new Error(`log source id ${JSON.stringify(source)} cannot name a state file`);
    return join(dir, `${source}.json`);
  };
  return {
    async load(source) {
      const file = fileOf(source);
      let raw: unknown;
      try {
        raw = await readJson<unknown>(file);
      } catch (err) {
        await rename(file, `${file}.corrupt-${Date.now()}`).catch(() => undefined);
        throw err;
      }
      if (raw === null) return null;
      const parsed = ZSourceState.safeParse(raw);
      if (parsed.success) return parsed.data as SourceState;
      const aside = `${file}.corrupt-${Date.now()}`;
      await rename(file, aside).catch(() => undefined);
      throw new Error(`${file}: not a log source state (${parsed.error.issues[0]?.message ?? 'invalid'}); moved aside to ${aside}`);
    },
    save: (source, state) => writeJsonAtomic(fileOf(source), state),
  };
}
