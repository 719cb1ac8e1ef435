import { JOURNAL_FIELDS } from './journal-record.js';

export type JournalWhere = {
  /** `journalctl -D`: the journal files in a directory. */
  directory?: string;
  /** `journalctl --file`: these files (globs allowed). */
  files?: string[];
  units: string[];
  identifiers: string[];
};

/**
 * `--follow` for the system journal and -D; periodic one-shot reads for --file, because journalctl
 * 252 refuses to follow files named with --file ("Failed to get journal fd: Destination address
 * required"). Both resume from a cursor, so the two modes deliver the same entries.
 */
export const journalMode = (where: JournalWhere): 'follow' | 'poll' => (where.files ? 'poll' : 'follow');

export function sourceArgs(where: JournalWhere): string[] {
  if (where.directory !== undefined) return [`--directory=${where.directory}`];
  return (where.files ?? []).map((f) => `--file=${f}`);
}

/** A unit name as `-u` would complete it: `ssh` means ssh.service. */
export const unitName = (u: string): string => (/\.(service|socket|target|device|mount|automount|swap|timer|path|slice|scope)$/.test(u) ? u : `${u}.service`);

/**
 * Matches: units OR identifiers. journalctl ANDs `-u` with `-t`, so explicit field matches are
 * used: the same field given twice is ORed, and `+` ORs the two groups.
 */
export function matchArgs(where: JournalWhere): string[] {
  const units = where.units.map((u) => `_SYSTEMD_UNIT=${unitName(u)}`);
  const ids = where.identifiers.map((i) => `SYSLOG_IDENTIFIER=${i}`);
  if (units.length > 0 && ids.length > 0) return [...units, '+', ...ids];
  return [...units, ...ids];
}

export type JournalPosition = { cursor: string | null; since: string | null; startAt: 'end' | 'beginning' };

export function readArgs(where: JournalWhere, pos: JournalPosition): string[] {
  const mode = journalMode(where);
  const args = ['--output=json', '--all', '--no-pager', '--quiet', `--output-fields=${JOURNAL_FIELDS.join(',')}`, ...sourceArgs(where)];
  if (mode === 'follow') args.push('--follow');
  if (pos.cursor) args.push(`--after-cursor=${pos.cursor}`);
  else if (pos.since) args.push(`--since=${pos.since}`);
  // With --follow journalctl would show only the last 10 entries first; everything after the position is wanted.
  if (mode === 'follow') args.push(pos.cursor || pos.since || pos.startAt === 'beginning' ? '--lines=all' : '--lines=0');
  return [...args, ...matchArgs(where)];
}

/** The newest entry's cursor, over all entries (a cursor is a position, whatever the matches). */
export const anchorArgs = (where: JournalWhere): string[] => [
  '--output=json',
  '--no-pager',
  '--quiet',
  '--lines=1',
  '--output-fields=PRIORITY',
  ...sourceArgs(where),
];

/** A cursor's realtime (t=, hex µs) as `--since=@seconds`: where to go on when the cursor is refused. */
export function sinceOfCursor(cursor: string): string | null {
  const m = /(?:^|;)t=([0-9a-f]{1,16})(?:;|$)/.exec(cursor);
  if (!m?.[1]) return null;
  const usec = Number.parseInt(m[1], 16);
  return Number.isFinite(usec) ? `@${(usec / 1e6).toFixed(6)}` : null;
}
