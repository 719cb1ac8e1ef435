import { join } from 'node:path';
import type { Logger } from '../shared/logger.js';
import { readJson, writeJsonAtomic } from '../shared/json-file.js';
import type { CheckState, RestartState } from './check-state.js';
import type { RestartRecord } from './types.js';

/** Per check: the restart state machine and the restarts still inside the budget window. */
export type LocalRestart = { restart: RestartState; records: RestartRecord[] };
type LocalFile = { version: 1; host: string; checks: Record<string, LocalRestart> };

/**
 * The agent's own copy of its restart budgets, in its data dir. Redis holds the same and is what
 * reports read, but a Redis that lost its data (restarted without persistence) must not hand a
 * crash-looping service a fresh budget: the budget is the union of both, and the restart state
 * that knows of the later restart wins. Written atomically after each tick that changed it.
 */
export function createLocalRestarts(o: { dataDir: string; host: string; log: Logger }) {
  const file = join(o.dataDir, 'checks', `${o.host}.restarts.json`);
  let last = '';
  return {
    file,
    async read(): Promise<Record<string, LocalRestart>> {
      try {
        const f = await readJson<LocalFile>(file);
        if (!f || f.version !== 1 || f.host !== o.host) return {};
        last = JSON.stringify(f.checks);
        return f.checks;
      } catch (err) {
        // A damaged copy must not stop the checks; Redis still has the budget unless it was lost too.
        o.log.error({ file, err: (err as Error).message }, 'local restart state unreadable: budgets rely on Redis alone');
        return {};
      }
    },
    async write(checks: Record<string, LocalRestart>): Promise<void> {
      const text = JSON.stringify(checks);
      if (text === last) return;
      try {
        await writeJsonAtomic(file, { version: 1, host: o.host, checks } satisfies LocalFile);
        last = text;
      } catch (err) {
        o.log.error({ file, err: (err as Error).message }, 'local restart state not written: a Redis data loss would reset restart budgets');
      }
    },
  };
}

export type LocalRestarts = ReturnType<typeof createLocalRestarts>;

/** The restart state that knows of the later restart; Redis on a tie (it is written first). */
export function newerRestart(redis: RestartState, local: RestartState | undefined): RestartState {
  if (!local) return redis;
  return (local.lastAt ?? -Infinity) > (redis.lastAt ?? -Infinity) ? local : redis;
}

/** Records by id, the later version of each (a pending restart is rewritten once settled). */
export function mergeRecords(...lists: RestartRecord[][]): RestartRecord[] {
  const byId = new Map<string, RestartRecord>();
  for (const r of lists.flat()) {
    const prev = byId.get(r.id);
    if (!prev || (prev.recovered === null && r.recovered !== null)) byId.set(r.id, r);
  }
  return [...byId.values()].sort((a, b) => a.t - b.t);
}

/** What to keep locally for one check after a tick. */
export function localEntry(state: CheckState, records: RestartRecord[], windowMs: number, now: number): LocalRestart {
  return { restart: state.restart, records: records.filter((r) => r.t > now - windowMs) };
}
