/**
 * `checkup security files [--json] [--baseline FILE] [--update-baseline]`: the watched files'
 * owner, mode, mtime and hash now, and which changed since the baseline, and when; never content.
 */
import type { Compared } from '../../../security/baseline/compare-baseline.js';
import type { FileChange, FilesSnapshot } from '../../../security/files/files-diff.js';
import { cell } from '../../terminal-safe.js';
import { textTable } from '../../text-table.js';
import { baselineJson, baselineLine, iso } from './baseline-output.js';

export function filesJson(r: Compared<FilesSnapshot, FileChange>): unknown {
  return {
    snapshot: { time: iso(r.snapshot.time), cut: r.snapshot.cut, files: r.snapshot.files.map((f) => ({ ...f, mtime: iso(f.mtime), ctime: iso(f.ctime) })) },
    baseline: baselineJson(r.baseline),
    changes: r.changes.map((c) => ({ ...c, changedAt: iso(c.changedAt), detectedAt: iso(c.detectedAt) })),
  };
}

export function formatFiles(r: Compared<FilesSnapshot, FileChange>): string {
  const s = r.snapshot;
  const out = [`Watched files at ${iso(s.time)}: ${s.files.length}${s.cut > 0 ? ` (${s.cut} more cut by security.files.maxFiles)` : ''}`];
  const rows = s.files.map((f) => [
    cell(f.path, 60),
    f.status === 'ok' ? (f.sha256 ?? '').slice(0, 12) : f.status + (f.error ? ` (${f.error})` : ''),
    f.mode ?? '-',
    `${cell(f.owner, 12, String(f.uid ?? '-'))}:${cell(f.group, 12, String(f.gid ?? '-'))}`,
    iso(f.mtime) ?? '-',
  ]);
  if (rows.length > 0) out.push(textTable(['FILE', 'SHA-256', 'MODE', 'OWNER', 'MODIFIED'], rows, { indent: '  ' }));
  out.push('', baselineLine(r.baseline, r.changes.length));
  const changes = r.changes.map((c) => [c.change, cell(c.path, 60), c.fields.join(',') || '-', iso(c.changedAt) ?? 'unknown', iso(c.detectedAt) ?? '-']);
  if (changes.length > 0) out.push(textTable(['CHANGE', 'FILE', 'WHAT', 'CHANGED AT', 'SEEN AT'], changes, { indent: '  ' }));
  return out.join('\n');
}
