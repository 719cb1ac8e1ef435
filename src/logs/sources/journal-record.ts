import { isUtf8 } from 'node:buffer';
import type { Priority } from '../types.js';
import { charBoundary } from './line-splitter.js';
import type { JournalRecord } from './types.js';

/** The fields asked of journalctl (`--output-fields`); __CURSOR and the timestamps always come. */
export const JOURNAL_FIELDS = ['MESSAGE', 'PRIORITY', '_SYSTEMD_UNIT', 'SYSLOG_IDENTIFIER', '_COMM', '_PID', 'SYSLOG_PID', '_HOSTNAME'] as const;

type Field = { text: string; invalid: boolean } | null;

/**
 * One field of `journalctl -o json`: a string; an array of byte values when the data is not
 * printable UTF-8; an array of those when the field occurs more than once (the first is taken);
 * null when journalctl left it out.
 */
export function fieldText(v: unknown): Field {
  if (typeof v === 'string') return { text: v, invalid: false };
  if (typeof v === 'number') return { text: String(v), invalid: false };
  if (!Array.isArray(v) || v.length === 0) return null;
  if (v.every((x) => typeof x === 'number')) {
    const bytes = Buffer.from(v as number[]);
    return { text: bytes.toString('utf8'), invalid: !isUtf8(bytes) };
  }
  return fieldText(v[0]);
}

const text = (v: unknown): string | null => fieldText(v)?.text ?? null;

function intOf(v: unknown): number | null {
  const s = text(v);
  if (s === null || !/^\d{1,10}$/.test(s)) return null;
  return Number(s);
}

/**
 * The unit names the program better than the identifier, except where it names a login session
 * or a user manager (`session-3.scope`, `user@1000.service`): there `sudo` or `sshd` says more.
 */
export function chooseApp(unit: string | null, identifier: string | null, comm: string | null): string | null {
  const vague = unit === null || unit.endsWith('.scope') || /^user@\d+\.service$/.test(unit) || unit === 'init.scope';
  if (!vague) return unit;
  return identifier ?? comm ?? unit;
}

/** A parsed JSON line as a JournalRecord; null without a cursor (nothing to resume from). */
export function toJournalRecord(
  obj: Record<string, unknown>,
  opts: { source: string; line: number; maxMessageBytes: number },
): { record: JournalRecord; invalidUtf8: boolean } | null {
  const cursor = obj.__CURSOR;
  if (typeof cursor !== 'string' || cursor === '') return null;
  const msg = fieldText(obj.MESSAGE) ?? { text: '', invalid: false };
  let message = msg.text;
  let truncated = false;
  if (message.length * 3 > opts.maxMessageBytes || Buffer.byteLength(message) > opts.maxMessageBytes) {
    const bytes = Buffer.from(message);
    if (bytes.length > opts.maxMessageBytes) {
      message = bytes.subarray(0, charBoundary(bytes, 0, opts.maxMessageBytes)).toString('utf8');
      truncated = true;
    }
  }
  const pri = intOf(obj.PRIORITY);
  const priority = pri !== null && pri <= 7 ? (pri as Priority) : null;
  const usec = text(obj.__REALTIME_TIMESTAMP);
  const time = usec !== null && /^\d{1,19}$/.test(usec) ? Math.floor(Number(usec) / 1000) : null;
  const unit = text(obj._SYSTEMD_UNIT);
  const identifier = text(obj.SYSLOG_IDENTIFIER);
  const comm = text(obj._COMM);
  return {
    invalidUtf8: msg.invalid,
    record: {
      cursor,
      unit,
      identifier,
      comm,
      truncated,
      entry: {
        source: opts.source,
        time,
        priority,
        severityBasis: priority === null ? 'none' : 'journal',
        app: chooseApp(unit, identifier, comm),
        pid: intOf(obj._PID) ?? intOf(obj.SYSLOG_PID),
        host: text(obj._HOSTNAME),
        message,
        line: opts.line,
        lineCount: 1,
      },
    },
  };
}
