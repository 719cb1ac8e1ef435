import type { LogEntry } from '../types.js';

/**
 * What the sources stage hands on. A file source yields raw lines (the parser stage turns them
 * into `LogEntry`); the journal yields `LogEntry` directly, since its records carry their fields.
 */

/** One physical line of a log file, before header parsing. */
export type FileLine = {
  /** The name the file had when the line was read; a rotated file keeps the name it was tailed under. */
  path: string;
  /** `dev:ino` of the file the line is in. */
  fileId: string;
  /** Byte offset of the line's first byte in that file. */
  offset: number;
  /** The line without its newline (nor a CR before it). Invalid UTF-8 became U+FFFD. */
  text: string;
  /** Longer than limits.maxLineBytes: `text` holds its first bytes, the rest was skipped. */
  truncated: boolean;
};

/** One journal entry, mapped, plus the journal fields the security stage keys on. */
export type JournalRecord = {
  entry: LogEntry;
  cursor: string;
  /** _SYSTEMD_UNIT, SYSLOG_IDENTIFIER and _COMM as logged (entry.app holds the one chosen). */
  unit: string | null;
  identifier: string | null;
  comm: string | null;
  /** MESSAGE was longer than limits.maxLineBytes (or its JSON line too long) and was cut. */
  truncated: boolean;
};

/** Counts of what a batch had to change to be safe to pass on. */
export type BatchStats = {
  /** Bytes read off disk or out of journalctl for this batch. */
  bytes: number;
  truncatedLines: number;
  /** Lines (or messages) that were not valid UTF-8; they carry U+FFFD where bytes were bad. */
  invalidUtf8Lines: number;
  /** Journal lines that were not JSON at all (never seen from a healthy journalctl). */
  unparsable: number;
};

/**
 * The position a batch leaves its source at. `state` is plain JSON: the integration may store it
 * itself (e.g. in the same Redis transaction as the batch's counts) and then call
 * `commit(checkpoint, { saved: true })`.
 */
export type SourceCheckpoint = { source: string; seq: number; state: unknown };

export type SourceBatch =
  | { kind: 'file'; source: string; lines: FileLine[]; checkpoint: SourceCheckpoint; stats: BatchStats }
  | { kind: 'journal'; source: string; records: JournalRecord[]; checkpoint: SourceCheckpoint; stats: BatchStats };

export type SourceStatus = {
  source: string;
  kind: 'file' | 'journal';
  /** False while nothing of the source can be read (journalctl missing, no file matches, all unreadable). */
  available: boolean;
  /** The warnings in force, one per condition; each was logged once when it began. */
  problems: string[];
  /** Files tailed now (file sources), or the journalctl child's pid (journal). */
  files?: number;
  pid?: number | null;
  /** Journal: bytes of entries read from journalctl and waiting for the consumer (at most ~2 × readBytesPerTick). */
  backlogBytes?: number;
};

/**
 * A log source. Delivery is at-least-once with a window of one batch:
 *  - `read()` returns the next batch, or null when there is nothing new;
 *  - a batch stays pending until `commit()`: until then `read()` returns the SAME batch again
 *    (a consumer that could not store it, e.g. while Redis is away, just reads again);
 *  - only `commit()` saves the position. A crash before it re-reads that one batch; nothing is skipped.
 */
export type LogSource = {
  readonly id: string;
  readonly kind: 'file' | 'journal';
  /** Loads the saved position; call once before `read()`. */
  start(): Promise<void>;
  /** Calls made while one is running get that call's answer. */
  read(): Promise<SourceBatch | null>;
  /** Saves the checkpoint's state in the position store (unless the caller already did: `saved`). */
  commit(checkpoint: SourceCheckpoint, opts?: { saved?: boolean }): Promise<void>;
  status(): SourceStatus;
  /** Releases files and child processes; does not commit. */
  close(): Promise<void>;
};

export const emptyStats = (): BatchStats => ({ bytes: 0, truncatedLines: 0, invalidUtf8Lines: 0, unparsable: 0 });
