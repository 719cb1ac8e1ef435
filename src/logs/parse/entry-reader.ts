/**
 * Lines to entries: each line the parser reads as a header starts an entry; a line it does not
 * (a stack frame, an indented continuation) folds into the entry before, joined with '\n'. The
 * entry keeps its first line's number and counts the lines it spans, so a caller can give every
 * physical line its entry's template.
 *
 * Bounds, so no input can make an entry grow without end: a line longer than MAX_LINE_CHARS is cut
 * (and counted); an entry stops taking text at MAX_ENTRY_CHARS and stops folding at MAX_FOLD_LINES
 * (the next line then starts an entry of its own). Severity falls back to keywords only when the
 * header said nothing.
 */
import type { LogEntry } from '../types.js';
import { bareFields, type HeaderFields, type LineParser } from './header-fields.js';
import { keywordPriority } from './levels.js';

/** Characters kept of one line; the byte limit (line-splitter) normally cuts first. */
export const MAX_LINE_CHARS = 64 * 1024;
/** Characters kept of one folded entry. */
export const MAX_ENTRY_CHARS = 64 * 1024;
/** Lines one entry may fold: a Java stack trace is a few hundred at most. */
export const MAX_FOLD_LINES = 1000;

export type EntryReaderStats = {
  lines: number;
  entries: number;
  /** Continuation lines folded into an entry. */
  folded: number;
  /** Lines cut at the line limit (by this reader or the splitter before it). */
  truncatedLines: number;
  /** Entries whose folded text reached MAX_ENTRY_CHARS. */
  cappedEntries: number;
};

type Open = { fields: HeaderFields; line: number; lineCount: number; capped: boolean };

export class EntryReader {
  readonly stats: EntryReaderStats = { lines: 0, entries: 0, folded: 0, truncatedLines: 0, cappedEntries: 0 };
  private open: Open | null = null;
  private lineNo = 0;

  constructor(
    readonly source: string,
    readonly parser: LineParser,
  ) {}

  /** Adds the next physical line; returns the entry it completed, if any. */
  push(raw: string, opts: { truncated?: boolean } = {}): LogEntry | null {
    this.lineNo++;
    this.stats.lines++;
    let line = raw;
    if (line.length > MAX_LINE_CHARS) {
      line = line.slice(0, MAX_LINE_CHARS);
      this.stats.truncatedLines++;
    } else if (opts.truncated) this.stats.truncatedLines++;
    const fields = this.parser.parse(line);
    const open = this.open;
    if (fields === null && open && open.lineCount < MAX_FOLD_LINES) {
      this.fold(open, line);
      return null;
    }
    const done = this.close();
    this.open = { fields: fields ?? bareFields(line), line: this.lineNo, lineCount: 1, capped: false };
    return done;
  }

  /** The last entry, at the end of the input. */
  flush(): LogEntry | null {
    return this.close();
  }

  private fold(open: Open, line: string): void {
    open.lineCount++;
    this.stats.folded++;
    if (open.capped) return;
    const room = MAX_ENTRY_CHARS - open.fields.message.length - 1;
    if (line.length <= room) {
      open.fields.message += `\n${line}`;
      return;
    }
    if (room > 0) open.fields.message += `\n${line.slice(0, room)}`;
    open.capped = true;
    this.stats.cappedEntries++;
  }

  private close(): LogEntry | null {
    const open = this.open;
    if (!open) return null;
    this.open = null;
    this.stats.entries++;
    const f = open.fields;
    if (f.priority === null) {
      const p = keywordPriority(f.message);
      if (p !== null) {
        f.priority = p;
        f.severityBasis = 'keyword';
      }
    }
    return { source: this.source, ...f, line: open.line, lineCount: open.lineCount };
  }
}
