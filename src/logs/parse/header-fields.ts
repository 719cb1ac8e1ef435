import type { LogEntry } from '../types.js';

/** What a header parser reads from one physical line: a `LogEntry` without its place in the read. */
export type HeaderFields = Omit<LogEntry, 'source' | 'line' | 'lineCount'>;

/**
 * One header format. `parse` returns null when the line does not start with this format's header:
 * the entry reader then treats it as a continuation of the entry before (a stack trace line).
 * A parser never throws, whatever the line holds.
 */
export type LineParser = {
  readonly name: string;
  parse(line: string): HeaderFields | null;
  /** Whether a line is clearly this format, for `auto`; defaults to `parse(line) !== null`. */
  detect?(line: string): boolean;
};

/** Options shared by the parsers that read times without a year or a zone. */
export type TimeOptions = {
  /**
   * Epoch ms the yearless BSD syslog times are read against: a time more than 31 days after it
   * belongs to the year before (a December line read in January).
   * @defaultValue Date.now() at each line
   */
  referenceTime?: number;
  /**
   * Zone of times written without an offset (BSD syslog, most ISO-prefixed app logs): the zone
   * of the machine that wrote them, which for a local file is this one.
   * @defaultValue 'local'
   */
  timeZone?: 'local' | 'UTC';
};

/** Fields of a line nothing could be read from, kept whole as the message. */
export function bareFields(message: string): HeaderFields {
  return { time: null, priority: null, severityBasis: 'none', app: null, pid: null, host: null, message };
}

export function toLogEntry(fields: HeaderFields, place: { source: string; line: number; lineCount?: number }): LogEntry {
  return { source: place.source, ...fields, line: place.line, lineCount: place.lineCount ?? 1 };
}
