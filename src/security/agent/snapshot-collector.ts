import { watchedPaths, type SecurityConfig } from '../../config/security-schema.js';
import type { Logger } from '../../shared/logger.js';
import type { BaselineStore } from '../baseline/baseline-store.js';
import { diffFiles, type FilesSnapshot } from '../files/files-diff.js';
import { filesSnapshotter } from '../files/files-snapshot.js';
import { currentLogins } from '../logins/login-history.js';
import { readUtmpFile } from '../logins/read-logins.js';
import { diffPorts } from '../ports/ports-diff.js';
import { portsSnapshotter, type PortsSnapshot } from '../ports/ports-snapshot.js';
import type { SecurityBatch, SecurityRepo } from '../store/security-repo.js';
import { loadSnapshotState, MAX_PENDING, saveSnapshotState, type SnapshotState } from './snapshot-state.js';

export type SnapshotTick = { time: number; portChanges: number; fileChanges: number; written: number; pending: number };

export type SnapshotCollector = { tick(): Promise<SnapshotTick> };

const problemOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Ports, files and who is logged in, once per `security.interval`: the snapshotters (and their
 * caches) are made once per agent. Each snapshot is compared with the previous one: the agent's
 * local state first, else what Redis holds (a new agent on an old host), else none (the first
 * snapshot is the baseline, with no changes).
 */
export function createSnapshotCollector(o: {
  host: string;
  config: SecurityConfig;
  state: BaselineStore;
  repo: Pick<SecurityRepo, 'write' | 'latestPorts' | 'latestFiles'>;
  log: Logger;
  now?: () => number;
  /** No log source feeds the auth stage: each snapshot records that (sources: []). */
  noAuthSources?: boolean;
}): SnapshotCollector {
  const c = o.config;
  const ports = portsSnapshotter({ allow: c.ports.allow, fullScanEvery: c.ports.fullScanEvery });
  const files = filesSnapshotter({
    paths: watchedPaths(c),
    homeFiles: c.files.homeFiles,
    maxFiles: c.files.maxFiles,
    maxFileBytes: c.files.maxFileBytes,
    rehashEvery: c.files.rehashEvery,
  });
  let state: SnapshotState | null = null;
  // One warning per outage, not one per snapshot.
  let away = false;

  const initial = async (): Promise<SnapshotState> => {
    const local = await loadSnapshotState(o.state).catch((err: unknown) => {
      o.log.warn({ err: problemOf(err) }, 'security agent state unreadable: comparing with Redis');
      return null;
    });
    if (local) return local;
    const [p, f] = await Promise.all([o.repo.latestPorts(o.host).catch(() => null), o.repo.latestFiles(o.host).catch(() => null)]);
    return { ports: p, files: f, pending: [] };
  };

  return {
    async tick() {
      state ??= await initial();
      const time = (o.now ?? Date.now)();
      const batch: SecurityBatch = { host: o.host, batchId: `snap:${time}`, at: time };
      if (o.noAuthSources) batch.auth = { sources: [], delta: { failures: [], users: [], minutes: [], accepted: [], sudo: [], accounts: [] } };
      let p: PortsSnapshot | null = null;
      let f: FilesSnapshot | null = null;
      try {
        p = ports.snapshot();
        batch.ports = {
          time: p.time,
          snapshot: p,
          changes: state.ports ? diffPorts(state.ports, p) : [],
          // Said as what was seen, not guessed: as root, an owner is also missed for a socket of
          // another network namespace or one that closed between the two reads.
          problem: p.ownersComplete
            ? null
            : process.getuid?.() === 0
              ? 'some sockets have no owner found (another network namespace, or closed during the read)'
              : "some sockets have no owner found (the agent is not root, so it cannot see other users' processes)",
        };
      } catch (err) {
        o.log.warn({ err: problemOf(err) }, 'ports snapshot failed');
      }
      try {
        f = files.snapshot();
        batch.files = { time: f.time, snapshot: f, changes: state.files ? diffFiles(state.files, f) : [] };
      } catch (err) {
        o.log.warn({ err: problemOf(err) }, 'files snapshot failed');
      }
      const utmp = await readUtmpFile(c.logins.utmp, { maxBytes: c.logins.maxBytes });
      batch.logins = {
        time,
        current: utmp.status === 'ok' ? currentLogins(utmp.records) : null,
        problem: utmp.status === 'ok' ? null : `${utmp.path} ${utmp.status}`,
      };
      // Older pending batches keep their changes, not their snapshots: only the newest is the latest.
      const older = state.pending.map(stripSnapshots);
      const pending = [...older, batch];
      const lost = pending.length - MAX_PENDING;
      if (lost > 0) o.log.warn({ lost }, 'Redis away too long: the oldest security changes were dropped');
      state = { ports: p ?? state.ports, files: f ?? state.files, pending: pending.slice(Math.max(0, lost)) };
      await saveSnapshotState(o.state, state);
      let written = 0;
      try {
        while (state.pending.length > 0) {
          await o.repo.write(state.pending[0] as SecurityBatch);
          state = { ...state, pending: state.pending.slice(1) };
          written++;
        }
        if (away) o.log.info({ written }, 'security snapshots written to Redis again');
        away = false;
      } catch (err) {
        if (!away) o.log.warn({ err: problemOf(err), pending: state.pending.length }, 'security snapshots not written to Redis: kept to send later');
        away = true;
      }
      if (written > 0) await saveSnapshotState(o.state, state);
      return { time, portChanges: batch.ports?.changes.length ?? 0, fileChanges: batch.files?.changes.length ?? 0, written, pending: state.pending.length };
    },
  };
}

function stripSnapshots(b: SecurityBatch): SecurityBatch {
  return {
    ...b,
    ...(b.ports ? { ports: { ...b.ports, snapshot: null } } : {}),
    ...(b.files ? { files: { ...b.files, snapshot: null } } : {}),
  };
}
