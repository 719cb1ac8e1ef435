import type { FileHandle } from 'node:fs/promises';
import { z } from 'zod';

/** A file a source is reading: live under a path of its globs, or rotated away and being drained. */
export type TrackedFile = {
  /** `dev:ino`. */
  id: string;
  /** The name it was last seen under. */
  path: string;
  /** Next byte to read: always the start of a line (or of the skipped rest of an over-long one). */
  offset: number;
  /** Hash of its first `fpLen` bytes (FP_BYTES once it is that long). */
  fp: string;
  fpLen: number;
  /** Inside an over-long line: what remains up to its newline is skipped. */
  skipping: boolean;
  /** When its path stopped naming it (rotated, deleted); null while live. */
  rotatedAt: number | null;
  /** Not persisted: the open handle, the size last looked at, and the live file this is a copy of. */
  fh: FileHandle | null;
  lastSize: number;
  copyOf: string | null;
};

const ZTracked = z.object({
  id: z.string().regex(/^\d+:\d+$/),
  path: z.string().min(1),
  offset: z.number().int().min(0),
  fp: z.string(),
  fpLen: z.number().int().min(0),
  skipping: z.boolean(),
  rotatedAt: z.number().nullable(),
});

/** What a file source saves: its files and the patterns it has looked at (a new pattern gets startAt). */
export const ZFileSourceState = z.object({
  v: z.literal(1),
  patterns: z.array(z.string()),
  files: z.array(ZTracked),
});
export type FileSourceState = z.infer<typeof ZFileSourceState>;

export function snapshotState(patterns: string[], files: Iterable<TrackedFile>): FileSourceState {
  const out: FileSourceState = { v: 1, patterns: [...patterns], files: [] };
  for (const f of files) out.files.push({ id: f.id, path: f.path, offset: f.offset, fp: f.fp, fpLen: f.fpLen, skipping: f.skipping, rotatedAt: f.rotatedAt });
  return out;
}

export function restoreTracked(state: FileSourceState): TrackedFile[] {
  return state.files.map((f) => ({ ...f, fh: null, lastSize: -1, copyOf: null }));
}
