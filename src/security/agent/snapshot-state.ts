import { z } from 'zod';
import type { BaselineStore } from '../baseline/baseline-store.js';
import { ZFilesBaseline, ZPortsBaseline } from '../baseline/baseline-schemas.js';
import type { FilesSnapshot } from '../files/files-diff.js';
import type { PortsSnapshot } from '../ports/ports-snapshot.js';
import type { SecurityBatch } from '../store/security-repo.js';

/**
 * The agent's own record of its last snapshots and of the writes Redis has not taken yet. The
 * snapshots are what the next one is compared with, kept on disk so a Redis that lost its data
 * does not make every port "new"; the pending batches are replayed with their ids, so a crash
 * between the Redis write and this file's update applies each batch once.
 */
export type SnapshotState = { ports: PortsSnapshot | null; files: FilesSnapshot | null; pending: SecurityBatch[] };

/** An hour of snapshots at the default interval; past it the oldest pending changes are dropped (and logged). */
export const MAX_PENDING = 60;

const STATE_NAME = 'agent-state';

const ZState = z.object({
  ports: ZPortsBaseline.nullable(),
  files: ZFilesBaseline.nullable(),
  // The batches were written by this agent a moment ago: their shape is the contract's.
  pending: z.array(z.looseObject({ host: z.string(), batchId: z.string(), at: z.number() })),
});

export async function loadSnapshotState(store: BaselineStore): Promise<SnapshotState | null> {
  const raw = await store.load(STATE_NAME);
  if (raw === null) return null;
  const parsed = ZState.safeParse(raw);
  // A state that does not fit is not trusted: start from Redis's snapshots instead.
  return parsed.success ? (parsed.data as SnapshotState) : null;
}

export async function saveSnapshotState(store: BaselineStore, state: SnapshotState): Promise<void> {
  await store.save(STATE_NAME, state);
}

export function describeSnapshotState(store: BaselineStore): string {
  return store.describe(STATE_NAME);
}
