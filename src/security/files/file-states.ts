/**
 * The state of each watched file: type, SHA-256, size, owner, group, mode, mtime and ctime. Never
 * the content: only its hash leaves this module.
 *
 * Hashing 50 files every snapshot is most of a snapshot's cost, so a file whose inode, size, mtime
 * and ctime are all unchanged keeps its last hash. ctime cannot be set from user space (only by a
 * clock change), so content changed behind a restored mtime still shows through ctime; and every
 * `rehashEvery` snapshots all files are hashed again regardless.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { GroupNames, UserNames } from './user-names.js';

export type FileStatus = 'ok' | 'missing' | 'unreadable' | 'too-large' | 'not-a-file';

export type FileState = {
  path: string;
  status: FileStatus;
  /** `symlink` when the watched path is a link; its target's content and metadata are then what is hashed and shown. */
  type: 'file' | 'symlink' | null;
  linkTarget: string | null;
  /** Hex SHA-256 of the content; null when it could not be read (status says why). */
  sha256: string | null;
  size: number | null;
  uid: number | null;
  gid: number | null;
  owner: string | null;
  group: string | null;
  /** Permission bits as octal text, e.g. `0640` or `4755`. */
  mode: string | null;
  mtime: number | null;
  ctime: number | null;
  /** The errno that kept it from being read, when one did. */
  error: string | null;
};

export type FileStatesOptions = { maxFileBytes: number; rehashEvery?: number; passwdPath?: string; groupPath?: string };

const empty = (path: string, status: FileStatus, error: string | null): FileState => ({
  path,
  status,
  type: null,
  linkTarget: null,
  sha256: null,
  size: null,
  uid: null,
  gid: null,
  owner: null,
  group: null,
  mode: null,
  mtime: null,
  ctime: null,
  error,
});

export class FileStateReader {
  private readonly hashes = new Map<string, { key: string; sha256: string }>();
  private readonly users: UserNames;
  private readonly groups: GroupNames;
  private readonly rehashEvery: number;
  private snapshots = 0;

  constructor(private readonly opts: FileStatesOptions) {
    this.users = new UserNames(opts.passwdPath);
    this.groups = new GroupNames(opts.groupPath);
    this.rehashEvery = opts.rehashEvery ?? 60;
  }

  read(paths: string[]): FileState[] {
    this.users.refresh();
    this.groups.refresh();
    const rehash = this.snapshots++ % this.rehashEvery === 0;
    const seen = new Set(paths);
    for (const p of this.hashes.keys()) if (!seen.has(p)) this.hashes.delete(p);
    return paths.map((p) => this.one(p, rehash));
  }

  private one(path: string, rehash: boolean): FileState {
    let link: Stats;
    try {
      link = lstatSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      return empty(path, code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable', code === 'ENOENT' ? null : code);
    }
    const type = link.isSymbolicLink() ? 'symlink' : link.isFile() ? 'file' : null;
    let linkTarget: string | null = null;
    if (type === 'symlink') {
      try {
        linkTarget = readlinkSync(path);
      } catch {
        // replaced between lstat and readlink: the next snapshot sees what it became
      }
    }
    // Opened non-blocking and checked through the descriptor: a FIFO swapped in after the lstat
    // must not hang the agent, and the stat and the hash then describe the same file.
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ENOENT') return { ...empty(path, 'missing', 'ENOENT'), type, linkTarget }; // a dangling link
      let st: Stats | null = null;
      try {
        st = statSync(path);
      } catch {
        // metadata unknown too
      }
      return { ...(st ? this.describe(path, st, type, linkTarget) : empty(path, 'unreadable', code)), status: 'unreadable', error: code };
    }
    try {
      const st = fstatSync(fd);
      const base = this.describe(path, st, type, linkTarget);
      if (!st.isFile()) return { ...base, status: 'not-a-file' };
      if (st.size > this.opts.maxFileBytes) return { ...base, status: 'too-large' };
      const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
      const cached = this.hashes.get(path);
      if (!rehash && cached && cached.key === key) return { ...base, sha256: cached.sha256 };
      const sha256 = createHash('sha256').update(readFileSync(fd)).digest('hex');
      this.hashes.set(path, { key, sha256 });
      return { ...base, sha256 };
    } catch (err) {
      this.hashes.delete(path);
      return { ...empty(path, 'unreadable', (err as NodeJS.ErrnoException).code ?? 'error'), type, linkTarget };
    } finally {
      closeSync(fd);
    }
  }

  private describe(path: string, st: Stats, type: FileState['type'], linkTarget: string | null): FileState {
    return {
      path,
      status: 'ok',
      type,
      linkTarget,
      sha256: null,
      size: st.size,
      uid: st.uid,
      gid: st.gid,
      owner: this.users.name(st.uid),
      group: this.groups.name(st.gid),
      mode: (st.mode & 0o7777).toString(8).padStart(4, '0'),
      mtime: Math.round(st.mtimeMs),
      ctime: Math.round(st.ctimeMs),
      error: null,
    };
  }
}
