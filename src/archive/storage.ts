/**
 * Where archive bytes live. The filesystem is the default; an S3-compatible store can implement
 * the same calls later (objects by SHA-256, one append-only manifest).
 */
export type ArchiveStorage = {
  putObject(sha256: string, ext: string, bytes: Buffer): Promise<void>;
  readObject(sha256: string, ext: string): Promise<Buffer | null>;
  deleteObject(sha256: string, ext: string): Promise<void>;
  /** A local path for users and mail links; null where the store is remote. */
  localPath(sha256: string, ext: string): string | null;
  readManifest(): Promise<string>;
  appendManifest(line: string): Promise<void>;
  /** Serialises manifest appends across processes. */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
};
