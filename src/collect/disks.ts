import { statfs as fsStatfs } from 'node:fs/promises';
import type { Logger } from '../shared/logger.js';
import { parseMounts, selectMounts, type MountEntry, type SkippedMount } from './mounts.js';
import { readText } from './read-text.js';
import type { DiskUsage } from './snapshot.js';

export type StatFsLike = { bsize: bigint; blocks: bigint; bfree: bigint; bavail: bigint; files: bigint; ffree: bigint };
export type StatFsFn = (path: string) => Promise<StatFsLike>;

const defaultStatfs: StatFsFn = (path) => fsStatfs(path, { bigint: true });

/** Skips after the first pass that are worth a line: not the churn of containers coming and going. */
const LATE_LOGGED = new Set(['inaccessible', 'stuck', 'empty', 'duplicate']);
/** Bounds memory on hosts whose mount table churns forever. */
const MAX_REMEMBERED = 1024;

/** df's view of one mounted filesystem; null when it has no blocks (an unlisted pseudo fs). */
export function diskUsageFrom({ mount, s }: { mount: MountEntry; s: StatFsLike }): DiskUsage | null {
  if (s.blocks <= 0n) return null;
  const bsize = Number(s.bsize);
  const used = Number(s.blocks - s.bfree) * bsize;
  const free = Number(s.bavail) * bsize;
  const inodesUsed = Number(s.files - s.ffree);
  return {
    mount: mount.mount,
    device: mount.device,
    fstype: mount.fstype,
    sizeBytes: Number(s.blocks) * bsize,
    usedBytes: used,
    freeBytes: free,
    usedPct: used + free > 0 ? (used / (used + free)) * 100 : 0,
    inodesUsedPct: s.files > 0n ? (inodesUsed / Number(s.files)) * 100 : null,
  };
}

type Outcome = { ok: DiskUsage } | { skip: SkippedMount };

/**
 * Disk usage per real mount. A dead network mount blocks statfs forever and holds a libuv
 * thread; after one timeout that mount is never asked again (until the collector is rebuilt).
 */
export function createDiskProbe(opts: {
  procRoot: string;
  logger: Logger;
  statfs?: StatFsFn;
  timeoutMs?: number;
  readFile?: (path: string) => Promise<string | null>;
}) {
  const readFile = opts.readFile ?? readText;
  const statfs = opts.statfs ?? defaultStatfs;
  const timeoutMs = opts.timeoutMs ?? 2000;
  const stuck = new Set<string>();
  const remembered = new Set<string>();
  let firstPass = true;

  async function probe(mount: MountEntry): Promise<Outcome> {
    if (stuck.has(mount.mount)) return { skip: { ...mount, reason: 'stuck' } };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref();
    });
    try {
      const s = await Promise.race([statfs(mount.mount), timeout]);
      if (s === 'timeout') {
        stuck.add(mount.mount);
        return { skip: { ...mount, reason: 'stuck' } };
      }
      const usage = diskUsageFrom({ mount, s });
      return usage ? { ok: usage } : { skip: { ...mount, reason: 'empty' } };
    } catch {
      return { skip: { ...mount, reason: 'inaccessible' } };
    } finally {
      clearTimeout(timer);
    }
  }

  function logSkips(skipped: SkippedMount[]): void {
    const fresh = skipped.filter((s) => (firstPass || LATE_LOGGED.has(s.reason)) && !remembered.has(`${s.reason}:${s.mount}`));
    for (const s of fresh) if (remembered.size < MAX_REMEMBERED) remembered.add(`${s.reason}:${s.mount}`);
    if (fresh.length > 0) {
      const list = fresh.map((s) => ({ mount: s.mount, fstype: s.fstype, reason: s.reason }));
      opts.logger.info({ skipped: list }, 'collect: mounts skipped from disk usage');
    }
    firstPass = false;
  }

  return async function disks(): Promise<DiskUsage[] | null> {
    const text = await readFile(`${opts.procRoot}/self/mounts`);
    if (text === null) return null;
    const { keep, skipped } = selectMounts(parseMounts(text));
    const outcomes = await Promise.all(keep.map(probe));
    const out: DiskUsage[] = [];
    for (const o of outcomes) {
      if ('ok' in o) out.push(o.ok);
      else skipped.push(o.skip);
    }
    logSkips(skipped);
    return out;
  };
}
