import type { ArchiveStorage } from '../../../src/archive/storage.js';

/** Archive bytes and manifest in memory, under the real archive logic (createArchive), for unit tests. */
export function createMemoryArchiveStorage(): ArchiveStorage & { objects: Map<string, Buffer> } {
  const objects = new Map<string, Buffer>();
  let manifest = '';
  let chain: Promise<unknown> = Promise.resolve();
  return {
    objects,
    async putObject(sha256, ext, bytes) {
      objects.set(`${sha256}.${ext}`, Buffer.from(bytes));
    },
    readObject: async (sha256, ext) => objects.get(`${sha256}.${ext}`) ?? null,
    async deleteObject(sha256, ext) {
      objects.delete(`${sha256}.${ext}`);
    },
    localPath: () => null,
    location: (sha256, ext) => `memory:${sha256}.${ext}`,
    readManifest: async () => manifest,
    async appendManifest(line) {
      manifest += `${line}\n`;
    },
    withLock<T>(fn: () => Promise<T>): Promise<T> {
      const run = chain.then(fn, fn);
      chain = run.catch(() => undefined);
      return run;
    },
  };
}
