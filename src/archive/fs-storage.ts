import { mkdir, open, readFile, rm, rmdir, stat, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { knownDead, thisProcess, type ProcessIdentity } from '../shared/process-identity.js';
import type { ArchiveStorage } from './storage.js';

const LOCK_STALE_MS = 30_000;

function parseOwner(text: string): Partial<ProcessIdentity> {
  try {
    return JSON.parse(text) as Partial<ProcessIdentity>;
  } catch {
    return {};
  }
}

/** Objects at objects/ab/<sha256>.<ext>, written via a temp file and rename so a crash leaves no half file. */
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
        await writeFile(ownerFile, JSON.stringify(thisProcess()));
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // A holder that died leaves the lock behind: taken over at once when its process is known
        // to be gone (same host), else after 30 s.
        const seen = await readFile(ownerFile, 'utf8').catch(() => null);
        const age = await stat(lockDir).then((s) => Date.now() - s.mtimeMs).catch(() => 0);
        const stale = (seen !== null && knownDead(parseOwner(seen))) || age > LOCK_STALE_MS;
        // Read again just before: another waiter may have taken the stale lock over meanwhile.
        if (stale && (await readFile(ownerFile, 'utf8').catch(() => null)) === seen) await unlock();
        if (i > 1_200) throw new Error(`archive lock ${lockDir} is held too long`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };

  return {
    async putObject(sha, ext, bytes) {
      const path = objectPath(sha, ext);
      const exists = await stat(path).then(() => true, () => false);
      if (exists) return;
      await mkdir(join(dir, 'objects', sha.slice(0, 2)), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, path);
    },
    async readObject(sha, ext) {
      return readFile(objectPath(sha, ext)).catch(() => null);
    },
    async deleteObject(sha, ext) {
      await rm(objectPath(sha, ext), { force: true });
    },
    localPath: objectPath,
    async readManifest() {
      return readFile(manifest, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
    },
    async appendManifest(line) {
      await mkdir(dir, { recursive: true });
      const fh = await open(manifest, 'a');
      try {
        await fh.write(`${line}\n`);
        await fh.sync();
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
