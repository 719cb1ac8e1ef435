import { close, closeSync, open, openSync, read, readdir, readSync } from 'node:fs';

/** Large enough for any single-record /proc file (pid stat is under 1.2 KiB), small enough to pool. */
const ONCE_BYTES = 2048;
const CHUNK_BYTES = 16384;
const noop = () => undefined;

/**
 * Reads a small text file, or null when it is missing or unreadable. Absence is normal here:
 * processes exit between readdir and read, and kernels, containers and other OSes lack files.
 *
 * Callback fs with open/read/close costs about half the CPU of fs.promises.readFile (no fstat,
 * no FileHandle), which matters when every process is read. `once` takes a single read for files
 * one seq_file record long (/proc/[pid]/stat); multi-record files return at most a page per
 * read, so the rest are read until EOF.
 */
export function readText(path: string, opts: { once?: boolean } = {}): Promise<string | null> {
  return new Promise((resolve) => {
    open(path, 'r', (openErr, fd) => {
      if (openErr) return resolve(null);
      readAll(fd, { once: opts.once ?? false, positional: false }, (text) => {
        close(fd, noop);
        resolve(text);
      });
    });
  });
}

const onceBuf = Buffer.allocUnsafe(ONCE_BYTES);

/**
 * A one-record /proc file (/proc/[pid]/stat) read on the calling thread into one shared buffer, or
 * null when it is gone. For a scan of every process: procfs answers from memory in microseconds,
 * while the callback form costs a thread-pool hop, a closure and a buffer per file.
 */
export function readOnceSync(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const n = readSync(fd, onceBuf, 0, ONCE_BYTES, null);
    return onceBuf.toString('utf8', 0, n);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Directory entries, or null when the directory cannot be listed. */
export function listDir(path: string): Promise<string[] | null> {
  return new Promise((resolve) => readdir(path, (err, names) => resolve(err ? null : names)));
}

function readAll(fd: number, opts: { once: boolean; positional: boolean }, done: (text: string | null) => void): void {
  const chunks: Buffer[] = [];
  let pos = 0;
  const size = opts.once ? ONCE_BYTES : CHUNK_BYTES;
  const next = () => {
    const buf = Buffer.allocUnsafe(size);
    read(fd, buf, 0, size, opts.positional ? pos : null, (err, n) => {
      if (err) return done(null);
      if (n > 0) chunks.push(buf.subarray(0, n));
      pos += n;
      if (n > 0 && !opts.once) return next();
      done(Buffer.concat(chunks).toString('utf8'));
    });
  };
  next();
}

export type KeptFiles = { read(path: string): Promise<string | null>; close(): void };

/**
 * Readers for the handful of /proc files read on every tick, kept open and re-read from offset
 * 0 as top(1) does: procfs regenerates the text on each read from the start, and one pread per
 * file instead of open + read + close cuts the per-tick cost by half. A descriptor that fails is
 * closed and the file is reopened on the next call.
 */
export function createKeptFiles(): KeptFiles {
  const fds = new Map<string, number>();
  const openFd = (path: string) => new Promise<number | null>((resolve) => open(path, 'r', (err, fd) => resolve(err ? null : fd)));
  return {
    async read(path) {
      let fd = fds.get(path) ?? null;
      if (fd === null) {
        fd = await openFd(path);
        if (fd === null) return null;
        fds.set(path, fd);
      }
      const held = fd;
      const text = await new Promise<string | null>((resolve) => readAll(held, { once: false, positional: true }, resolve));
      if (text === null) {
        fds.delete(path);
        close(held, noop);
      }
      return text;
    },
    close() {
      for (const fd of fds.values()) close(fd, noop);
      fds.clear();
    },
  };
}
