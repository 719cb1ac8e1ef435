import { mkdir, open, readFile, rm, rmdir, stat, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../shared/errors.js';
import { knownDead, thisProcess, type ProcessIdentity } from '../shared/process-identity.js';
import type { ArchiveStorage } from './storage.js';

const LOCK_STALE_MS = 30_000;

/** A full disk (or quota) as one sentence that says where and what to do; other errors pass. */
function diskFull(err: unknown, dir: string, what: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return err;
  return new AppError('DISK_FULL', `archive: no space left on device (${code}) in ${dir} writing ${what}; free space there, then run the report again`, {
    cause: err,
  });
}

function parseOwner(text: string): Partial<ProcessIdentity> {
  try {
    return JSON.parse(text) as Partial<ProcessIdentity>;
  } catch {
    return {};
  }
}

/**
 * Objects at objects/ab/<sha256>.<ext>, written via a temp file and rename so a crash leaves no
 * half file. A full disk leaves nothing behind either: the temp file is removed, and a manifest
 * line that did not fit whole is cut off again, so the chain still verifies.
 */
export function createFsStorage(dir: string): ArchiveStorage {
  const objectPath = (sha: string, ext: string) => join(dir, 'objects', sha.slice(0, 2), `${sha}.${ext}`);
  const manifest = join(dir, 'manifest.jsonl');
  const lockDir = join(dir, '.lock');
  let chain: Promise<unknown> = Promise.resolve();

  const ownerFile = join(lockDir, 'owner');
  const unlock = async () => {
    await rm(ownerFile, { force: true });
    await rmdir(lockDir).catch(() => undefined);
  };
  const acquire = async () => {
    await mkdir(dir, { recursive: true });
    for (let i = 0; ; i++) {
      try {
        await mkdir(lockDir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw diskFull(err, dir, 'the archive lock');
        // A holder that died leaves the lock behind: taken over at once when its process is known
        // to be gone (same host), else after 30 s.
        const seen = await readFile(ownerFile, 'utf8').catch(() => null);
        const age = await stat(lockDir)
          .then((s) => Date.now() - s.mtimeMs)
          .catch(() => 0);
        const stale = (seen !== null && knownDead(parseOwner(seen))) || age > LOCK_STALE_MS;
        // Read again just before: another waiter may have taken the stale lock over meanwhile.
        if (stale && (await readFile(ownerFile, 'utf8').catch(() => null)) === seen) await unlock();
        if (i > 1_200) throw new Error(`archive lock ${lockDir} is held too long`);
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      try {
        await writeFile(ownerFile, JSON.stringify(thisProcess()));
        return;
      } catch (err) {
        // A full disk can take the directory but not its owner file: an owner-less lock would make
        // every later writer wait out LOCK_STALE_MS, so it is given back at once (the owner file
        // may exist, empty, so unlock removes it first).
        await unlock().catch(() => undefined);
        throw diskFull(err, dir, 'the archive lock');
      }
    }
  };

  return {
    async putObject(sha, ext, bytes) {
      const path = objectPath(sha, ext);
      const exists = await stat(path).then(
        () => true,
        () => false,
      );
      if (exists) return;
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        await mkdir(join(dir, 'objects', sha.slice(0, 2)), { recursive: true });
        await writeFile(tmp, bytes);
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true }).catch(() => undefined);
        throw diskFull(err, dir, `the ${ext} file`);
      }
    },
    async readObject(sha, ext) {
      return readFile(objectPath(sha, ext)).catch(() => null);
    },
    async deleteObject(sha, ext) {
      await rm(objectPath(sha, ext), { force: true });
    },
    localPath: objectPath,
    location: objectPath,
    async readManifest() {
      return readFile(manifest, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
    },
    async appendManifest(line) {
      let fh;
      try {
        await mkdir(dir, { recursive: true });
        fh = await open(manifest, 'a');
      } catch (err) {
        throw diskFull(err, dir, 'the manifest');
      }
      const size = (await fh.stat()).size;
      try {
        const bytes = Buffer.from(`${line}\n`);
        // A nearly full disk takes part of a write: a half line would break the chain for good.
        const { bytesWritten } = await fh.write(bytes);
        if (bytesWritten !== bytes.length) throw Object.assign(new Error(`short write (${bytesWritten} of ${bytes.length} bytes)`), { code: 'ENOSPC' });
        await fh.sync();
      } catch (err) {
        await fh.truncate(size).catch(() => undefined);
        throw diskFull(err, dir, 'the manifest');
      } finally {
        await fh.close();
      }
    },
    async withLock(fn) {
      const run = chain.then(async () => {
        await acquire();
        try {
          return await fn();
        } finally {
          await unlock();
        }
      });
      chain = run.catch(() => undefined);
      return run;
    },
  };
}
