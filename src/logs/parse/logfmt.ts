/**
 * logfmt lines, as Go services write them (Docker, Prometheus, Grafana, Loki, logrus' text format):
 *   `time="2023-12-07T15:44:19Z" level=warning msg="disk almost full" path=/var host=db-1`
 * The message is `msg` (or `message`); `level`/`lvl`, `time`/`ts`/`t` and `logger`/`component`/`app`
 * are read too. Pairs after the message stay out of it: they are the variables the message is about.
 */
import { bareFields, type HeaderFields, type LineParser, type TimeOptions } from './header-fields.js';
import { levelWordPriority } from './levels.js';
import { looseTime } from './loose-time.js';

/** The pairs of a logfmt line; undefined when some word is no `key=value`. At most 64 pairs are read. */
export function logfmtPairs(line: string): Map<string, string> | undefined {
  const pairs = new Map<string, string>();
  let i = 0;
  const n = line.length;
  while (i < n && pairs.size < 64) {
    while (i < n && line[i] === ' ') i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && line[i] !== '=' && line[i] !== ' ' && line[i] !== '"') i++;
    if (i === keyStart || line[i] !== '=') return undefined;
    const key = line.slice(keyStart, i);
    i++;
    let value = '';
    if (line[i] === '"') {
      i++;
      while (i < n && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < n) i++;
        value += line[i];
        i++;
      }
      if (i >= n) return undefined;
      i++;
    } else {
      const start = i;
      while (i < n && line[i] !== ' ') i++;
      value = line.slice(start, i);
    }
    pairs.set(key, value);
  }
  return pairs.size > 0 ? pairs : undefined;
}

const get = (p: Map<string, string>, keys: readonly string[]): string | null => {
  for (const k of keys) {
    const v = p.get(k);
    if (v !== undefined && v !== '') return v;
  }
  return null;
};

export function parseLogfmt(line: string, opts: TimeOptions = {}): HeaderFields | null {
  const pairs = logfmtPairs(line);
  if (!pairs) return null;
  const message = get(pairs, ['msg', 'message']);
  const level = get(pairs, ['level', 'lvl', 'severity']);
  if (message === null && level === null) return null;
  const priority = level === null ? null : levelWordPriority(level);
  const time = get(pairs, ['time', 'ts', 't', 'timestamp']);
  const pid = get(pairs, ['pid']);
  return {
    ...bareFields(message ?? line),
    time: time === null ? null : looseTime(time, opts),
    priority,
    severityBasis: priority === null ? 'none' : 'level-field',
    app: get(pairs, ['logger', 'component', 'app', 'service', 'module']),
    pid: pid !== null && /^\d{1,10}$/.test(pid) ? Number(pid) : null,
    host: get(pairs, ['host', 'hostname']),
  };
}

export function logfmtParser(opts: TimeOptions = {}): LineParser {
  return { name: 'logfmt', parse: (line) => parseLogfmt(line, opts) };
}
