import type { AppConfig } from '../config/load-config.js';
import type { Leases } from '../redis/lease-types.js';
import { AppError } from '../shared/errors.js';
import { createFsStorage } from './fs-storage.js';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ArchiveStorage } from './storage.js';
import { createWriterLock, type WriterLock } from './writer-lock.js';
import { s3ObjectKey } from './s3-keys.js';

/** A writer on S3 waits this long for another writer's append or prune before it gives up (the job is retried). */
const WRITER_WAIT_MS = 120_000;

export type OpenedStorage = { storage: ArchiveStorage; remote: boolean; describe: string; close(): void };

/** Refuses chain writes where no Redis was given (read-only CLI use of an S3 archive). */
const noWriter: WriterLock = {
  run: () => Promise.reject(new AppError('ARCHIVE_READ_ONLY', 'writing to an S3 archive needs Redis (its chain lease), which is not connected')),
  assertHeld: () => Promise.reject(new AppError('ARCHIVE_READ_ONLY', 'writing to an S3 archive needs Redis (its chain lease)')),
};

/**
 * The configured archive store: `archive.s3` when set, else the directory. On S3 the chain's single
 * writer is a lease at `<prefix>:archive:writer`, so `leases` (Redis) is needed to write.
 */
export function openArchiveStorage(o: { config: Pick<AppConfig, 'archive' | 'paths' | 'redis'>; leases?: Leases }): OpenedStorage {
  const s3 = o.config.archive.s3;
  if (!s3) {
    const dir = o.config.paths.archive;
    return { storage: createFsStorage(dir), remote: false, describe: dir, close: () => undefined };
  }
  const lock = o.leases
    ? createWriterLock({ leases: o.leases, key: `${o.config.redis.prefix}:archive:writer`, ttlMs: s3.writerLease, waitMs: WRITER_WAIT_MS })
    : noWriter;
  // The SDK loads with the first S3 call, as mail and browser code do: processes that never touch
  // the archive (the agent, most CLI commands) do not carry it.
  let client: S3Client | null = null;
  let loaded: Promise<ArchiveStorage> | null = null;
  const impl = () =>
    (loaded ??= import('./s3-storage.js').then((m) => {
      client = m.createS3Client(s3);
      return m.createS3Storage({ client, config: s3, lock });
    }));
  const storage: ArchiveStorage = {
    putObject: async (sha, ext, bytes) => (await impl()).putObject(sha, ext, bytes),
    readObject: async (sha, ext) => (await impl()).readObject(sha, ext),
    deleteObject: async (sha, ext) => (await impl()).deleteObject(sha, ext),
    localPath: () => null,
    location: (sha, ext) => `s3://${s3.bucket}/${s3ObjectKey(s3.prefix, sha, ext)}`,
    readManifest: async () => (await impl()).readManifest(),
    appendManifest: async (line) => (await impl()).appendManifest(line),
    withLock: (fn) => lock.run(fn),
  };
  return {
    storage,
    remote: true,
    describe: `s3://${s3.bucket}/${s3.prefix}${s3.endpoint ? ` at ${s3.endpoint}` : ''}`,
    close: () => client?.destroy(),
  };
}
