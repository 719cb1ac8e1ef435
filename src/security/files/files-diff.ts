/**
 * Which watched files changed between a baseline and now, and when: never how (no content, not
 * even the hashes). `changedAt` is the file's own clock for the change: mtime when the content
 * changed, ctime when only its owner, mode or mtime did (chmod and chown move ctime alone); a
 * deletion has no such time, so it is null and `detectedAt` (the snapshot) bounds it.
 */
import type { FileState } from './file-states.js';

export type FileChangeField = 'content' | 'owner' | 'group' | 'mode' | 'type' | 'link-target' | 'mtime' | 'readable';
export type FileChange = {
  path: string;
  change: 'created' | 'deleted' | 'modified';
  fields: FileChangeField[];
  changedAt: number | null;
  detectedAt: number;
};

export type FilesSnapshot = { time: number; files: FileState[]; /** Watched files past the cap, left out. */ cut: number };

const present = (f: FileState | undefined): f is FileState => f !== undefined && f.status !== 'missing';

function changedFields(a: FileState, b: FileState): FileChangeField[] {
  const out: FileChangeField[] = [];
  if (a.sha256 !== null && b.sha256 !== null && a.sha256 !== b.sha256) out.push('content');
  // A hash that became unknown, or known, is not a content change we can claim; say what we can.
  if ((a.sha256 === null) !== (b.sha256 === null)) out.push('readable');
  if (a.uid !== b.uid) out.push('owner');
  if (a.gid !== b.gid) out.push('group');
  if (a.mode !== b.mode) out.push('mode');
  if (a.type !== b.type) out.push('type');
  if (a.linkTarget !== b.linkTarget) out.push('link-target');
  if (a.mtime !== b.mtime && !out.includes('content')) out.push('mtime');
  return out;
}

export function diffFiles(before: FilesSnapshot, after: FilesSnapshot): FileChange[] {
  const was = new Map(before.files.map((f) => [f.path, f]));
  const now = new Map(after.files.map((f) => [f.path, f]));
  const out: FileChange[] = [];
  for (const path of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const a = was.get(path);
    const b = now.get(path);
    if (!present(a) && present(b)) out.push({ path, change: 'created', fields: [], changedAt: b.ctime, detectedAt: after.time });
    else if (present(a) && !present(b)) out.push({ path, change: 'deleted', fields: [], changedAt: null, detectedAt: after.time });
    else if (present(a) && present(b)) {
      const fields = changedFields(a, b);
      if (fields.length > 0) out.push({ path, change: 'modified', fields, changedAt: fields.includes('content') ? b.mtime : b.ctime, detectedAt: after.time });
    }
  }
  return out;
}
