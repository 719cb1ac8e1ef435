import { fingerprint, FP_BYTES, inspectPath, rotationSiblings } from './file-open.js';
import type { TrackedFile } from './file-state.js';
import { openOrReport, sameStart, type ScanCore } from './scan-core.js';

/**
 * The file starts over (copytruncate, `> file`) or its inode now holds another file. What was not
 * read yet is in logrotate's copy, if that is still uncompressed beside it: found by its first
 * bytes and read from the old position. Then the file is read from 0.
 */
export async function truncated(core: ScanCore, t: TrackedFile, size: number, now: number): Promise<void> {
  const copy = t.offset > 0 && t.fpLen > 0 ? await findCopy(core, t, now) : null;
  if (copy) {
    core.log.info(
      { source: core.id, path: t.path, copy: copy.path, offset: t.offset },
      'log file was truncated (copytruncate); reading the rest of its rotated copy first',
    );
  } else if (t.offset > 0) {
    core.log.warn(
      { source: core.id, path: t.path, offset: t.offset },
      `log source ${core.id}: ${t.path} was truncated or replaced in place; its rotated copy is not found uncompressed beside it, so lines written after byte ${t.offset} and before the truncation may be lost (use delaycompress with copytruncate)`,
    );
  }
  t.offset = 0;
  t.skipping = false;
  t.fpLen = Math.min(size, FP_BYTES);
  t.fp = (t.fh && t.fpLen > 0 ? await fingerprint(t.fh, t.fpLen) : null) ?? '';
  if (t.fp === '') t.fpLen = 0;
  core.markDirty();
}

async function findCopy(core: ScanCore, t: TrackedFile, now: number): Promise<TrackedFile | null> {
  for (const path of await rotationSiblings(t.path)) {
    const info = await inspectPath(path, false);
    if (info.kind !== 'file' || info.id === t.id || info.size < t.offset || info.size < t.fpLen) continue;
    const known = core.files.get(info.id);
    if (known) {
      if (known.copyOf !== t.id) continue;
      // Taken for a duplicate (started at its end) before the truncation showed: read it from our position.
      known.offset = Math.min(known.offset, t.offset);
      known.skipping = t.skipping;
      known.copyOf = null;
      return known;
    }
    const opened = await openOrReport(core, path, info.id);
    if (!opened) continue;
    if ((await fingerprint(opened.fh, t.fpLen)) !== t.fp) {
      await opened.fh.close();
      continue;
    }
    const copy: TrackedFile = {
      id: info.id,
      path,
      fh: opened.fh,
      offset: t.offset,
      fp: t.fp,
      fpLen: t.fpLen,
      skipping: t.skipping,
      rotatedAt: now,
      lastSize: info.size,
      copyOf: null,
    };
    core.files.set(copy.id, copy);
    return copy;
  }
  return null;
}

/** A tracked file no glob names now: rotated away or deleted. Drained, then dropped after rotateWait. */
export async function noteGone(core: ScanCore, t: TrackedFile, now: number): Promise<void> {
  if (t.rotatedAt === null) {
    t.rotatedAt = now;
    core.markDirty();
  }
  if (t.fh) return;
  // Saved before a restart and renamed meanwhile: look for it, by identity, where logrotate puts it.
  for (const path of await rotationSiblings(t.path)) {
    const info = await inspectPath(path, false);
    if (info.kind !== 'file' || info.id !== t.id) continue;
    const opened = await openOrReport(core, path, t.id);
    if (!opened) break;
    t.fh = opened.fh;
    t.path = path;
    if (opened.size >= t.offset && (await sameStart(t, opened.size))) return;
    await opened.fh.close();
    t.fh = null;
    break;
  }
  core.log.warn(
    { source: core.id, path: t.path, offset: t.offset },
    `log source ${core.id}: ${t.path} (read up to byte ${t.offset}) was rotated or deleted while the agent was stopped and is not found uncompressed beside it; lines written after that position are lost`,
  );
  core.files.delete(t.id);
  core.markDirty();
}
