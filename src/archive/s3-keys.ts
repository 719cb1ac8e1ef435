/** Where a file lives in the bucket: `<prefix>objects/<aa>/<sha256>.<ext>`, as on disk. Kept apart from s3-storage.ts so it needs no SDK. */
export const s3ObjectKey = (prefix: string, sha: string, ext: string) => `${prefix}objects/${sha.slice(0, 2)}/${sha}.${ext}`;

/** `manifest/000000000012.<hash>.json`: sorted by sequence as listed, and never the same key for two contents. */
export function manifestKey(line: string): string {
  const e = JSON.parse(line) as { seq: number; hash: string };
  return `manifest/${String(e.seq).padStart(12, '0')}.${e.hash}.json`;
}
