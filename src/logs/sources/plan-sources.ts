import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogsConfig } from '../../config/logs-schema.js';
import type { Logger } from '../../shared/logger.js';
import { FileTailer } from './file-tailer.js';
import { JournalSource } from './journal-source.js';
import type { PositionStore } from './position-store.js';
import type { LogSource } from './types.js';

/** A file source as the agent runs it: configured, or one of the defaults for a host without a journal. */
export type FileSourcePlan = {
  kind: 'file';
  name: string;
  paths: string[];
  format: string;
  followSymlinks: boolean;
  startAt: 'end' | 'beginning';
  optional: boolean;
};
export type JournalPlan = {
  kind: 'journal';
  directory?: string;
  files?: string[];
  units: string[];
  identifiers: string[];
  startAt: 'end' | 'beginning';
  journalctl: string;
};
export type SourcePlan = FileSourcePlan | JournalPlan;

/** Where the classic syslog daemons write on Debian/Ubuntu (first) and RHEL/SUSE (second). */
export const DEFAULT_FILE_SOURCES: ReadonlyArray<Pick<FileSourcePlan, 'name' | 'paths'>> = [
  { name: 'syslog', paths: ['/var/log/syslog', '/var/log/messages'] },
  { name: 'auth', paths: ['/var/log/auth.log', '/var/log/secure'] },
  { name: 'kern', paths: ['/var/log/kern.log'] },
];

const JOURNAL_DIRS = ['/run/log/journal', '/var/log/journal'];

/** Does this host keep a journal? Any *.journal file in the volatile or persistent journal directory. */
export async function hasSystemJournal(dirs: string[] = JOURNAL_DIRS): Promise<boolean> {
  for (const dir of dirs) {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isFile() && e.name.endsWith('.journal')) return true;
      if (!e.isDirectory()) continue;
      // journald writes under <dir>/<machine-id>/.
      const inner = await readdir(join(dir, e.name)).catch(() => [] as string[]);
      if (inner.some((n) => n.endsWith('.journal') || n.endsWith('.journal~'))) return true;
    }
  }
  return false;
}

/**
 * The sources to run. The journal when enabled (`auto`: when this host has one, or directory/files
 * name other journals). Files as configured; without a `files` key, the classic syslog files,
 * but only on a host without a journal, since rsyslog copies the journal into them and each line
 * would count twice.
 */
export function planSources(
  logs: LogsConfig,
  host: { systemJournal: boolean; defaultFiles?: ReadonlyArray<Pick<FileSourcePlan, 'name' | 'paths'>> },
): SourcePlan[] {
  if (!logs.enabled) return [];
  const j = logs.journal;
  const otherJournal = j.directory !== undefined || j.files !== undefined;
  const journal = j.enabled === 'auto' ? host.systemJournal || otherJournal : j.enabled;
  const plans: SourcePlan[] = [];
  if (journal) {
    plans.push({
      kind: 'journal',
      ...(j.directory !== undefined ? { directory: j.directory } : {}),
      ...(j.files !== undefined ? { files: j.files } : {}),
      units: j.units,
      identifiers: j.identifiers,
      startAt: j.startAt,
      journalctl: j.journalctl,
    });
  }
  if (logs.files) {
    for (const f of logs.files)
      plans.push({ kind: 'file', name: f.name, paths: f.paths, format: f.format, followSymlinks: f.followSymlinks, startAt: f.startAt, optional: false });
  } else if (!journal || otherJournal) {
    for (const d of host.defaultFiles ?? DEFAULT_FILE_SOURCES)
      plans.push({ kind: 'file', ...d, paths: [...d.paths], format: 'syslog', followSymlinks: false, startAt: 'end', optional: true });
  }
  return plans;
}

/** The planned sources as LogSource objects sharing one position store. Call start() on each. */
export function createSources(opts: { plans: SourcePlan[]; logs: LogsConfig; store: PositionStore; log: Logger }): LogSource[] {
  const { limits } = opts.logs;
  return opts.plans.map((p) =>
    p.kind === 'journal'
      ? new JournalSource({ ...p, maxLineBytes: limits.maxLineBytes, readBytesPerTick: limits.readBytesPerTick, store: opts.store, log: opts.log })
      : new FileTailer({
          id: p.name,
          paths: p.paths,
          followSymlinks: p.followSymlinks,
          startAt: p.startAt,
          optional: p.optional,
          maxLineBytes: limits.maxLineBytes,
          readBytesPerTick: limits.readBytesPerTick,
          maxFiles: limits.maxFilesPerSource,
          rotateWait: limits.rotateWait,
          store: opts.store,
          log: opts.log,
        }),
  );
}
