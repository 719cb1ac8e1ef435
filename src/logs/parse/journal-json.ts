/**
 * `journalctl -o json` lines read from a file (`checkup logs analyze --format journal`). The live
 * journal is read by the sources stage; this is the same mapping for an exported file:
 * PRIORITY is the severity (basis `journal`), the unit (or, for a session scope or user manager,
 * the identifier) the app, MESSAGE the message, decoded as UTF-8 when the journal holds bytes.
 */
import { chooseApp, fieldText } from '../sources/journal-record.js';
import type { Priority } from '../types.js';
import { bareFields, type HeaderFields, type LineParser } from './header-fields.js';

type Journal = Record<string, unknown>;

// The field decoding and the choice of app are the live journal reader's (src/logs/sources), so a
// file exported with `journalctl -o json` reads exactly as the journal does.
const text = (v: unknown): string | null => fieldText(v)?.text ?? null;

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
    app: chooseApp(text(o._SYSTEMD_UNIT), text(o.SYSLOG_IDENTIFIER), text(o._COMM)),
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
