import { GENESIS, sealEntry, sha256, type FileRef, type ManifestEntry } from './manifest-entry.js';
import type { ArchiveStorage } from './storage.js';
import { verifyManifest, type VerifyResult } from './verify.js';

export type ArchiveInput = {
  reportId: string;
  name: string;
  period: { from: number; to: number };
  hosts: string[];
  /** e.g. { pdf: Buffer, html: Buffer, json: Buffer }; the key is the file extension. */
  files: Record<string, Buffer>;
};

export type Archive = {
  put(input: ArchiveInput): Promise<ManifestEntry>;
  list(): Promise<ManifestEntry[]>;
  get(id: string): Promise<ManifestEntry | null>;
  findByReport(reportId: string): Promise<ManifestEntry | null>;
  readFile(entry: ManifestEntry, kind: string): Promise<Buffer | null>;
  filePath(entry: ManifestEntry, kind: string): string | null;
  verify(): Promise<VerifyResult>;
};

/**
 * Content-addressed, hash-chained archive. Files are stored by SHA-256; each manifest line carries
 * the previous line's hash, so changing, removing, inserting or reordering any line breaks the chain.
 */
export function createArchive(storage: ArchiveStorage): Archive {
  const entries = async (): Promise<ManifestEntry[]> =>
    (await storage.readManifest())
      .split('\n')
      .filter((l) => l.trim() !== '')
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as ManifestEntry];
        } catch {
          return [];
        }
      });

  return {
    async put(input) {
      const files: Record<string, FileRef> = {};
      for (const [ext, bytes] of Object.entries(input.files)) {
        const sha = sha256(bytes);
        await storage.putObject(sha, ext, bytes);
        files[ext] = { sha256: sha, bytes: bytes.length, ext };
      }
      return storage.withLock(async () => {
        const all = await entries();
        const last = all[all.length - 1];
        const entry = sealEntry({
          v: 1,
          seq: (last?.seq ?? 0) + 1,
          kind: 'report',
          prev: last?.hash ?? GENESIS,
          createdAt: new Date().toISOString(),
          reportId: input.reportId,
          name: input.name,
          period: { from: new Date(input.period.from).toISOString(), to: new Date(input.period.to).toISOString() },
          hosts: input.hosts,
          files,
        });
        await storage.appendManifest(JSON.stringify(entry));
        return entry;
      });
    },
    list: entries,
    async get(id) {
      return (await entries()).find((e) => e.id === id && e.kind === 'report') ?? null;
    },
    async findByReport(reportId) {
      return (await entries()).find((e) => e.reportId === reportId && e.kind === 'report') ?? null;
    },
    async readFile(entry, kind) {
      const ref = entry.files?.[kind];
      return ref ? storage.readObject(ref.sha256, ref.ext) : null;
    },
    filePath(entry, kind) {
      const ref = entry.files?.[kind];
      return ref ? storage.localPath(ref.sha256, ref.ext) : null;
    },
    async verify() {
      return verifyManifest({ text: await storage.readManifest(), storage });
    },
  };
}
