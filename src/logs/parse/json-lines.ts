/**
 * JSON lines with the usual fields:
 *   pino     `{"level":30,"time":1701963859123,"pid":1,"hostname":"h","name":"api","msg":"…"}`
 *   bunyan   `{"name":"api","hostname":"h","pid":1,"level":50,"msg":"…","time":"2023-12-07T15:44:19.123Z","v":0}`
 *   zap      `{"level":"error","ts":1701963859.123,"logger":"db","caller":"db/x.go:12","msg":"…"}`
 *   logrus   `{"level":"warning","msg":"…","time":"2023-12-07T15:44:19+01:00"}`
 *   also winston and Python's json loggers (`message`, `levelname`), ECS (`log.level`, `@timestamp`),
 *   structlog (`event`) and Docker's json-file driver (`log`, `stream`, `time`).
 * A line that starts with `{` but is no JSON object (cut at the length limit, say) is kept whole as
 * its own entry; any other line is a continuation (a Go panic printed to the same file).
 */
import type { Priority } from '../types.js';
import { bareFields, type HeaderFields, type LineParser, type TimeOptions } from './header-fields.js';
import { levelNumberPriority, levelWordPriority } from './levels.js';
import { readIsoTime } from './timestamps.js';

type Json = Record<string, unknown>;

const MESSAGE_KEYS = ['msg', 'message', 'log', '@message', 'event', 'MESSAGE'];
const LEVEL_KEYS = ['level', 'lvl', 'severity', 'levelname', 'log.level', 'loglevel', '@level'];
const TIME_KEYS = ['time', 'timestamp', 'ts', '@timestamp', 't', 'datetime'];
const APP_KEYS = ['name', 'logger', 'service.name', 'service', 'app', 'component', 'logger_name'];

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function field(obj: Json, key: string): unknown {
  if (key in obj) return obj[key];
  const dot = key.indexOf('.');
  if (dot < 0) return undefined;
  const parent = obj[key.slice(0, dot)];
  return parent && typeof parent === 'object' ? (parent as Json)[key.slice(dot + 1)] : undefined;
}

/** The first of the keys with a value (of the wanted kind: `service` may be an object holding `name`). */
function first(obj: Json, keys: readonly string[], want?: 'string'): unknown {
  for (const k of keys) {
    const v = field(obj, k);
    if (v !== undefined && v !== null && (want === undefined || typeof v === want)) return v;
  }
  return undefined;
}

function levelOf(v: unknown): Priority | null {
  if (typeof v === 'number') return levelNumberPriority(v);
  if (typeof v === 'string') return /^\d{1,2}$/.test(v) ? levelNumberPriority(Number(v)) : levelWordPriority(v, { letters: true });
  return null;
}

/** Epoch seconds (zap's `ts`), milliseconds (pino), micro- or nanoseconds, or an ISO string. */
function timeOf(v: unknown, opts: TimeOptions): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
    if (v < 1e11) return Math.round(v * 1000);
    if (v < 1e14) return Math.round(v);
    if (v < 1e17) return Math.round(v / 1000);
    return Math.round(v / 1e6);
  }
  if (typeof v === 'string') return readIsoTime(v, opts)?.time ?? null;
  return null;
}

export function parseJsonLine(line: string, opts: TimeOptions = {}): HeaderFields | null {
  const s = line.trim();
  if (!s.startsWith('{')) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(s);
  } catch {
    return bareFields(line);
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return bareFields(line);
  const o = obj as Json;
  const rawMessage = first(o, MESSAGE_KEYS, 'string') ?? first(o, MESSAGE_KEYS);
  // Docker's `log` ends with the newline the container wrote.
  const message = typeof rawMessage === 'string' ? rawMessage.replace(/\r?\n$/, '') : rawMessage === undefined ? s : JSON.stringify(rawMessage);
  const priority = levelOf(first(o, LEVEL_KEYS));
  const pid = field(o, 'pid');
  return {
    time: timeOf(first(o, TIME_KEYS), opts),
    priority,
    severityBasis: priority === null ? 'none' : 'level-field',
    app: str(first(o, APP_KEYS, 'string')),
    pid: typeof pid === 'number' && Number.isInteger(pid) && pid >= 0 ? pid : null,
    host: str(first(o, ['hostname', 'host', 'host.name'], 'string')),
    message,
  };
}

export function jsonParser(opts: TimeOptions = {}): LineParser {
  return {
    name: 'json',
    parse: (line) => parseJsonLine(line, opts),
    detect: (line) => {
      const s = line.trim();
      if (!s.startsWith('{') || !s.endsWith('}')) return false;
      try {
        const o: unknown = JSON.parse(s);
        return !!o && typeof o === 'object' && !Array.isArray(o);
      } catch {
        return false;
      }
    },
  };
}
