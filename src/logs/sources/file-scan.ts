import { fingerprint, FP_BYTES, inspectPath, MIN_COPY_FP_BYTES, type PathInfo } from './file-open.js';
import { noteGone, truncated } from './file-rotation.js';
import type { TrackedFile } from './file-state.js';
import { expandGlob } from './glob.js';
import { openOrReport, sameStart, type ScanCore } from './scan-core.js';

export type { ScanCore } from './scan-core.js';

type Candidate = { path: string; pattern: string; id: string; size: number };

/**
 * Finds the files the source's globs name now and matches them to the tracked ones by identity
 * (dev:ino), not by name: a file renamed by rotation is still the file being read, and a new file
 * under the old name is a new file. Tracked files no longer named are marked rotated (and drained).
 */
export async function scanFiles(core: ScanCore, now: number): Promise<void> {
  const candidates = await listCandidates(core, now);
  const present = new Set<string>();
  for (const c of candidates) {
    const t = core.files.get(c.id);
    if (!t) continue;
    present.add(c.id);
    await refreshLive(core, t, c, now);
  }
  for (const c of candidates) {
    const t = core.files.get(c.id);
    if (t) {
      if (!present.has(c.id)) {
        // Adopted a moment ago as the copy of a truncated file, and a glob names it: it is live.
        present.add(c.id);
        t.rotatedAt = null;
        t.path = c.path;
      }
      continue;
    }
    present.add(c.id);
    await adoptNew(core, c);
  }
  for (const t of [...core.files.values()]) if (!present.has(t.id)) await noteGone(core, t, now);
  for (const p of core.paths) core.knownPatterns.add(p);
}

async function listCandidates(core: ScanCore, now: number): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const pattern of core.paths) {
    let usable = 0;
    let named = 0;
    for (const path of await expandGlob(pattern, { followSymlinks: core.followSymlinks })) {
      if (seen.has(path)) continue;
      seen.add(path);
      const info = await inspectPath(path, core.followSymlinks);
      if (info.kind !== 'error' || info.code !== 'ENOENT') named++;
      if (!usablePath(core, path, info) || info.kind !== 'file') continue;
      usable++;
      out.push({ path, pattern, id: info.id, size: info.size });
    }
    notePattern(core, pattern, usable, named, now);
  }
  // Problems about paths no glob names any more are over.
  for (const key of core.problems.keys()) {
    const path = key.slice(key.indexOf(':') + 1);
    if (/^(symlink|notfile|unreadable):/.test(key) && !seen.has(path)) core.problems.clear(key);
  }
  if (out.length > core.maxFiles) {
    core.problems.raise('too-many', `log source ${core.id}: ${out.length} files match; reading the first ${core.maxFiles} by name (limits.maxFilesPerSource)`);
    out.length = core.maxFiles;
  } else core.problems.clear('too-many');
  return out;
}

function usablePath(core: ScanCore, path: string, info: PathInfo): boolean {
  if (info.kind === 'symlink') {
    core.problems.raise(`symlink:${path}`, `log source ${core.id}: ${path} is a symlink (to ${info.target}); not read, since followSymlinks is off`);
    return false;
  }
  if (info.kind === 'other') {
    core.problems.raise(`notfile:${path}`, `log source ${core.id}: ${path} is ${info.what}, not a regular file; not read`);
    return false;
  }
  if (info.kind === 'error') {
    if (info.code !== 'ENOENT') core.problems.raise(`unreadable:${path}`, `log source ${core.id}: cannot read ${path} (${info.code}); retrying every interval`);
    return false;
  }
  core.problems.clear(`symlink:${path}`);
  core.problems.clear(`notfile:${path}`);
  return true;
}

function notePattern(core: ScanCore, pattern: string, usable: number, named: number, now: number): void {
  const key = `missing:${pattern}`;
  if (usable > 0) core.lastMatch.set(pattern, now);
  if (named > 0) {
    // Something is there; if it cannot be read (a symlink, a FIFO) that has its own warning.
    core.problems.clear(key, `log source ${core.id}: ${pattern} is there now`);
    return;
  }
  if (core.optional) return;
  const last = core.lastMatch.get(pattern);
  const literal = !/[*?[]/.test(pattern);
  if (last === undefined) {
    const what = literal ? `${pattern} does not exist (yet)` : `no file matches ${pattern} (yet)`;
    core.problems.raise(key, `log source ${core.id}: ${what}; it is read when it appears`);
  } else if (now - last >= core.rotateWait) {
    // A rotation leaves the name free for a moment; only a name that stays free is a deletion.
    core.problems.raise(key, `log source ${core.id}: ${pattern} was deleted (or renamed) and nothing took its place; it is read again when it appears`);
  }
}

async function refreshLive(core: ScanCore, t: TrackedFile, c: Candidate, now: number): Promise<void> {
  if (t.path !== c.path || t.rotatedAt !== null) core.markDirty();
  t.path = c.path;
  t.rotatedAt = null;
  if (!t.fh) {
    const opened = await openOrReport(core, c.path, t.id);
    if (!opened) return;
    t.fh = opened.fh;
    t.lastSize = -1;
  }
  if (c.size === t.lastSize) return;
  if (c.size < t.offset || !(await sameStart(t, c.size))) await truncated(core, t, c.size, now);
  t.lastSize = c.size;
}

async function adoptNew(core: ScanCore, c: Candidate): Promise<void> {
  const opened = await openOrReport(core, c.path, c.id);
  if (!opened) return;
  const fpLen = Math.min(opened.size, FP_BYTES);
  const fp = fpLen > 0 ? ((await fingerprint(opened.fh, fpLen)) ?? '') : '';
  const t: TrackedFile = {
    id: c.id,
    path: c.path,
    fh: opened.fh,
    offset: 0,
    fp,
    fpLen: fp ? fpLen : 0,
    skipping: false,
    rotatedAt: null,
    lastSize: opened.size,
    copyOf: null,
  };
  if (core.startAt === 'end' && !core.knownPatterns.has(c.pattern)) {
    // First sight of this pattern: start after what is there; a line still being written is skipped.
    t.offset = opened.size;
    t.skipping = opened.size > 0 && (await lastByte(opened.fh, opened.size)) !== 0x0a;
  } else {
    const original = t.fpLen >= MIN_COPY_FP_BYTES ? [...core.files.values()].find((o) => o.fpLen === t.fpLen && o.fp === t.fp) : undefined;
    if (original) {
      // A copy of a file being read (copytruncate's copy, a backup): its lines come through the original.
      t.offset = opened.size;
      t.copyOf = original.id;
      core.log.info({ source: core.id, path: c.path, original: original.path }, 'new log file starts like one being read: taken as its copy, not read again');
    }
  }
  core.files.set(t.id, t);
  core.markDirty();
}

async function lastByte(fh: NonNullable<TrackedFile['fh']>, size: number): Promise<number> {
  const b = Buffer.alloc(1);
  await fh.read(b, 0, 1, size - 1);
  return b[0] ?? 0;
}
