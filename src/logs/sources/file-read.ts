import { fingerprint, FP_BYTES } from './file-open.js';
import type { TrackedFile } from './file-state.js';
import { decodeSpan, splitLines } from './line-splitter.js';
import type { BatchStats, FileLine } from './types.js';

/** Bytes asked of the disk in one read; a line limit above it reads that limit (+1) at once. */
const CHUNK_BYTES = 256 * 1024;

export type ReadContext = {
  maxLineBytes: number;
  /** A buffer of at least chunkBytes(maxLineBytes), reused across reads. */
  buf: Buffer;
  out: FileLine[];
  stats: BatchStats;
};

export const chunkBytes = (maxLineBytes: number): number => Math.max(CHUNK_BYTES, maxLineBytes + 1);

/**
 * Reads whole lines of `f` from its offset, up to `budget` bytes, or one line when the first line
 * is longer (so a batch holds at most budget + maxLineBytes bytes). `flush` passes a last line without its
 * newline on: the file is about to be dropped. Returns the bytes used up.
 */
export async function readLines(f: TrackedFile, size: number, budget: number, flush: boolean, ctx: ReadContext): Promise<number> {
  if (!f.fh) return 0;
  let used = 0;
  while (f.offset < size && used < budget) {
    const avail = size - f.offset;
    const flushAt = (n: number) => flush && f.offset + n >= size;
    let want = Math.min(avail, budget - used, ctx.buf.length);
    let data = await readAt(f, ctx.buf, want);
    let split = splitLines(data, { maxLineBytes: ctx.maxLineBytes, skipping: f.skipping, flush: flushAt(data.length) });
    if (split.consumed === 0 && data.length < avail && used === 0) {
      // No whole line within the budget: read one line's worth, so a long line cannot stall the file.
      want = Math.min(avail, ctx.maxLineBytes + 1);
      data = await readAt(f, ctx.buf, want);
      split = splitLines(data, { maxLineBytes: ctx.maxLineBytes, skipping: f.skipping, flush: flushAt(data.length) });
    }
    for (const s of split.lines) {
      const { text, invalid } = decodeSpan(data, s);
      ctx.out.push({ path: f.path, fileId: f.id, offset: f.offset + s.start, text, truncated: s.truncated });
      if (s.truncated) ctx.stats.truncatedLines++;
      if (invalid) ctx.stats.invalidUtf8Lines++;
    }
    f.offset += split.consumed;
    f.skipping = split.skipping;
    used += split.consumed;
    if (split.consumed === 0) break;
  }
  ctx.stats.bytes += used;
  if (f.fpLen < FP_BYTES && size > f.fpLen) await extendFingerprint(f, size);
  return used;
}

async function readAt(f: TrackedFile, buf: Buffer, want: number): Promise<Buffer> {
  let got = 0;
  while (got < want) {
    const { bytesRead } = await f.fh!.read(buf, got, want - got, f.offset + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** A file first seen short gets a longer fingerprint as it grows, up to FP_BYTES. */
async function extendFingerprint(f: TrackedFile, size: number): Promise<void> {
  if (!f.fh) return;
  const len = Math.min(size, FP_BYTES);
  const fp = await fingerprint(f.fh, len);
  if (fp === null) return;
  f.fp = fp;
  f.fpLen = len;
}
