/**
 * Where archive bytes live: the filesystem by default (fs-storage.ts), or an S3-compatible store
 * (s3-storage.ts). Objects by SHA-256; a manifest that only grows, line by line.
 */
export type ArchiveStorage = {
  putObject(sha256: string, ext: string, bytes: Buffer): Promise<void>;
  readObject(sha256: string, ext: string): Promise<Buffer | null>;
  deleteObject(sha256: string, ext: string): Promise<void>;
  /** A local path for users and mail links; null where the store is remote. */
  localPath(sha256: string, ext: string): string | null;
  /** Where a file is for someone on another machine: the local path, or the store's URL (s3://bucket/key). */
  location(sha256: string, ext: string): string;
  readManifest(): Promise<string>;
  appendManifest(line: string): Promise<void>;
  /** Serialises manifest appends across processes. */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
};
