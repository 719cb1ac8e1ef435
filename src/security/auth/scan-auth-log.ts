/**
 * An offline scan of an auth log (`checkup security scan`): every line through the header parser,
 * then the auth tracker, into the summary. A line with no header is kept whole as the message with
 * no program, which the tracker reads as sshd's (`sshd -E FILE` writes bare messages).
 */
import type { HeaderFields } from '../../logs/parse/index.js';
import type { LogEntry } from '../../logs/types.js';
import type { AuthEvent } from './auth-event.js';
import { AuthSummaryBuilder, type AuthSummary } from './auth-summary.js';
import { AuthTracker } from './auth-tracker.js';
import { readLines } from './read-lines.js';

/** A header parser's `parse` (src/logs/parse): the line's fields, or null when it has no header. */
export type AuthHeaderParser = (line: string) => HeaderFields | null;

export type AuthScan = { summary: AuthSummary; lines: number };

/** Feeds lines (1-based, in order) to a tracker; returns the push function and the tracker. */
export function authLineSink(
  parse: AuthHeaderParser,
  source: string,
  onEvent: (ev: AuthEvent) => void,
): { push: (line: string) => void; tracker: AuthTracker } {
  const tracker = new AuthTracker({ onEvent });
  // One entry object, refilled per line: the tracker copies what it keeps, and a million lines
  // then make a million fewer objects for the collector.
  const entry: LogEntry = { source, time: null, priority: null, severityBasis: 'none', app: null, pid: null, host: null, message: '', line: 0, lineCount: 1 };
  const push = (line: string): void => {
    entry.line++;
    const fields = parse(line);
    if (fields) {
      entry.time = fields.time;
      entry.priority = fields.priority;
      entry.severityBasis = fields.severityBasis;
      entry.app = fields.app;
      entry.pid = fields.pid;
      entry.host = fields.host;
      entry.message = fields.message;
    } else {
      entry.time = entry.priority = entry.app = entry.pid = entry.host = null;
      entry.severityBasis = 'none';
      entry.message = line;
    }
    tracker.push(entry);
  };
  return { push, tracker };
}

/** Scans in-memory lines (tests, benches). */
export function scanAuthLines(lines: Iterable<string>, opts: { parse: AuthHeaderParser; keepEvents: boolean }): AuthScan {
  const builder = new AuthSummaryBuilder({ keepEvents: opts.keepEvents });
  const { push, tracker } = authLineSink(opts.parse, 'scan', (ev) => builder.add(ev));
  let count = 0;
  for (const line of lines) {
    push(line);
    count++;
  }
  tracker.end();
  return { summary: builder.build(), lines: count };
}

/** Scans a file, plain or gzip. Rejects with the fs error when it cannot be read. */
export async function scanAuthFile(path: string, opts: { parse: AuthHeaderParser; keepEvents: boolean }): Promise<AuthScan> {
  const builder = new AuthSummaryBuilder({ keepEvents: opts.keepEvents });
  const { push, tracker } = authLineSink(opts.parse, `file:${path}`, (ev) => builder.add(ev));
  let count = 0;
  await readLines(path, (line) => {
    push(line);
    count++;
  });
  tracker.end();
  return { summary: builder.build(), lines: count };
}
