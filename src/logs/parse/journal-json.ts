/**
 * `journalctl -o json` lines read from a file (`checkup logs analyze --format journal`). The live
 * journal is read by the sources stage; this is the same mapping for an exported file:
 * PRIORITY is the severity (basis `journal`), the unit or identifier the app, MESSAGE the message.
 * MESSAGE is an array of bytes when the journal holds it as binary; it is decoded as UTF-8.
 */
import type { Priority } from '../types.js';
import { bareFields, type HeaderFields, type LineParser } from './header-fields.js';

type Journal = Record<string, unknown>;

const MAX_MESSAGE_BYTES = 64 * 1024;

function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v) && v.every((b) => typeof b === 'number')) {
    return Buffer.from((v as number[]).slice(0, MAX_MESSAGE_BYTES).map((b) => b & 255)).toString('utf8');
  }
  return null;
}

function int(v: unknown): number | null {
  const s = text(v);
  return s !== null && /^\d{1,10}$/.test(s) ? Number(s) : null;
}

export function parseJournalLine(line: string): HeaderFields | null {
  const s = line.trim();
  if (!s.startsWith('{')) return s === '' ? null : bareFields(line);
  let o: Journal;
  try {
    const parsed: unknown = JSON.parse(s);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return bareFields(line);
    o = parsed as Journal;
  } catch {
    return bareFields(line);
  }
  const p = int(o.PRIORITY);
  const priority = p !== null && p <= 7 ? (p as Priority) : null;
  const micros = text(o.__REALTIME_TIMESTAMP);
  return {
    time: micros && /^\d{1,19}$/.test(micros) ? Math.floor(Number(micros) / 1000) : null,
    priority,
    severityBasis: priority === null ? 'none' : 'journal',
    app: text(o._SYSTEMD_UNIT) ?? text(o.SYSLOG_IDENTIFIER) ?? text(o._COMM),
    pid: int(o._PID) ?? int(o.SYSLOG_PID),
    host: text(o._HOSTNAME),
    message: text(o.MESSAGE) ?? '',
  };
}

export function journalParser(): LineParser {
  return {
    name: 'journal',
    parse: parseJournalLine,
    detect: (line) => line.trimStart().startsWith('{') && line.includes('"__REALTIME_TIMESTAMP"') && line.includes('"MESSAGE"'),
  };
}
