import { createHash } from 'node:crypto';
import { constants, lstatSync, statSync, type BigIntStats } from 'node:fs';
import { open, readdir, readlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { COMPRESSED } from './glob.js';

/** Bytes at a file's start that identify its content, so a reused inode is not taken for the old file. */
export const FP_BYTES = 256;
/** A copy is recognised by its first bytes only when there are this many: an empty prefix matches anything. */
export const MIN_COPY_FP_BYTES = 64;

export const fileIdOf = (st: BigIntStats): string => `${st.dev}:${st.ino}`;

export type PathInfo =
  { kind: 'file'; id: string; size: number } | { kind: 'symlink'; target: string } | { kind: 'other'; what: string } | { kind: 'error'; code: string };

/**
 * What a path names now. Symlinks are reported as such unless followed (then the target is described).
 *
 * The stat is synchronous: every source looks at each of its paths every `logs.interval`, and the
 * usual answer for a default source (no syslog on a journal host) is "absent". Through
 * fs.promises each absent path cost a thread-pool hop, a promise and an Error with its stack;
 * `throwIfNoEntry: false` answers ENOENT with no error at all, and an lstat of a local path takes
 * microseconds on the main thread.
 */
export async function inspectPath(path: string, followSymlinks: boolean): Promise<PathInfo> {
  let st: BigIntStats | undefined;
  try {
    st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (st === undefined) return { kind: 'error', code: 'ENOENT' };
    if (st.isSymbolicLink()) {
      if (!followSymlinks) return { kind: 'symlink', target: await readTarget(path) };
      st = statSync(path, { bigint: true, throwIfNoEntry: false });
      if (st === undefined) return { kind: 'error', code: 'ENOENT' };
    }
  } catch (err) {
    return { kind: 'error', code: (err as NodeJS.ErrnoException).code ?? 'EIO' };
  }
  if (!st.isFile())
    return { kind: 'other', what: st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device or special file' };
  return { kind: 'file', id: fileIdOf(st), size: Number(st.size) };
}

const readTarget = (path: string): Promise<string> => readlink(path).catch(() => '?');

/**
 * Opens a log file for reading. Without `followSymlinks` the open itself refuses a symlink
 * (O_NOFOLLOW), so a link swapped in after the check is not followed either; O_NONBLOCK keeps a
 * FIFO swapped in from blocking the agent. The handle must name `expectId`, else it is closed.
 */
export async function openLogFile(path: string, opts: { followSymlinks: boolean; expectId?: string }): Promise<{ fh: FileHandle; id: string; size: number }> {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (opts.followSymlinks ? 0 : constants.O_NOFOLLOW);
  const fh = await open(path, flags);
  try {
    const st = await fh.stat({ bigint: true });
    if (!st.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
    const id = fileIdOf(st);
    if (opts.expectId !== undefined && id !== opts.expectId) throw Object.assign(new Error(`${path} changed while it was opened`), { code: 'ECHANGED' });
    return { fh, id, size: Number(st.size) };
  } catch (err) {
    await fh.close().catch(() => undefined);
    throw err;
  }
}

/** A short hash of the first `len` bytes, or null when the file has fewer. */
export async function fingerprint(fh: FileHandle, len: number): Promise<string | null> {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  if (got < len) return null;
  return createHash('sha256').update(buf).digest('hex').slice(0, 32);
}

/** Name stem shared by a log and its rotations: `app` for app.log, app.log.1, app.log-20240101, app-20240101.log. */
const stemOf = (path: string): string => basename(path).split(/[.-]/)[0] ?? basename(path);

/**
 * Uncompressed regular files beside `path` whose names share its stem: where logrotate puts a
 * rotated file (unless `olddir` moves it elsewhere). At most `limit` names are looked at.
 */
export async function rotationSiblings(path: string, limit = 1000): Promise<string[]> {
  const dir = dirname(path);
  const stem = stemOf(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(stem) && !COMPRESSED.test(n))
    .slice(0, limit)
    .map((n) => join(dir, n));
}
