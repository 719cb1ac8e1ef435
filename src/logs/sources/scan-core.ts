import type { Logger } from '../../shared/logger.js';
import { fingerprint, openLogFile } from './file-open.js';
import type { TrackedFile } from './file-state.js';
import type { Problems } from './problems.js';

/** What a scan works on: one file source's settings and tracked files. */
export type ScanCore = {
  id: string;
  paths: string[];
  followSymlinks: boolean;
  startAt: 'end' | 'beginning';
  maxFiles: number;
  rotateWait: number;
  /** Default sources (syslog, auth, kern) may well be absent: that is not a warning. */
  optional: boolean;
  files: Map<string, TrackedFile>;
  /** Patterns scanned before (saved): a file matching one is new and read from its start. */
  knownPatterns: Set<string>;
  lastMatch: Map<string, number>;
  problems: Problems;
  log: Logger;
  markDirty(): void;
};

export const code = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);

/** Opens a file for the source; a failure is a warning (once) and null, so the next scan retries. */
export async function openOrReport(core: ScanCore, path: string, expectId: string): Promise<{ fh: NonNullable<TrackedFile['fh']>; size: number } | null> {
  try {
    const opened = await openLogFile(path, { followSymlinks: core.followSymlinks, expectId });
    core.problems.clear(`unreadable:${path}`, `log source ${core.id}: ${path} is readable now`);
    return opened;
  } catch (err) {
    // ENOENT / ECHANGED: renamed or replaced between the look and the open; the next scan sees it.
    if (code(err) !== 'ENOENT' && code(err) !== 'ECHANGED')
      core.problems.raise(`unreadable:${path}`, `log source ${core.id}: cannot read ${path} (${code(err)}); retrying every interval`);
    return null;
  }
}

/** Does the file still start with the bytes it started with? False after copytruncate or inode reuse. */
export async function sameStart(t: TrackedFile, size: number): Promise<boolean> {
  if (!t.fh || size < t.fpLen) return false;
  return t.fpLen === 0 || (await fingerprint(t.fh, t.fpLen)) === t.fp;
}
