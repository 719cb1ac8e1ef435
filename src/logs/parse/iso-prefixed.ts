/**
 * Lines that start with an ISO-8601 time, as most application loggers write them:
 *   `2023-12-07T15:44:19.123Z INFO  server started`            (many)
 *   `2023-12-07 15:44:19,123 [main] INFO  c.e.Foo - started`   (logback, log4j)
 *   `2023-12-07 15:44:19,123 - myapp - WARNING - disk low`     (Python logging)
 *   `2023/12/07 15:44:19 listening on :8080`                   (Go's log package)
 * The level is the first level word among the next three words; the message is what follows it.
 */
import { bareFields, type HeaderFields, type LineParser, type TimeOptions } from './header-fields.js';
import { levelWordPriority } from './levels.js';
import { readIsoTime } from './timestamps.js';

const SLASH_DATE = /^(\d{4})\/(\d{2})\/(\d{2})(?=[T ]\d)/;

const isSeparator = (w: string): boolean => w === '-' || w === '|' || w === ':' || w === '--';

/** Up to `max` words after `from`: [start, end) offsets. */
function words(s: string, from: number, max: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = from;
  while (out.length < max && i < s.length) {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    const start = i;
    while (i < s.length && s[i] !== ' ' && s[i] !== '\t') i++;
    if (i > start) out.push([start, i]);
  }
  return out;
}

/** The message after the level word: separators (` - `, `: `, ` | `) before it are dropped. */
function afterLevel(s: string, from: number): string {
  let i = from;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '-' || s[i] === ':' || s[i] === '|')) i++;
  return s.slice(i);
}

export function parseIsoPrefixed(line: string, opts: TimeOptions = {}): HeaderFields | null {
  const normalised = SLASH_DATE.test(line) ? line.replace(SLASH_DATE, '$1-$2-$3') : line;
  const t = readIsoTime(normalised, opts);
  if (!t || (line.length > t.length && line[t.length] !== ' ' && line[t.length] !== '\t')) return null;
  const ws = words(line, t.length, 6).filter(([a, b]) => !isSeparator(line.slice(a, b)));
  for (let k = 0; k < Math.min(3, ws.length); k++) {
    const [a, b] = ws[k]!;
    const priority = levelWordPriority(line.slice(a, b));
    if (priority === null) continue;
    const before = k > 0 ? line.slice(ws[k - 1]![0], ws[k - 1]![1]) : '';
    const pid = /^\d{1,10}$/.test(before) ? Number(before) : null;
    const app = pid === null && /^[A-Za-z][\w.-]{0,63}$/.test(before) ? before : null;
    return { time: t.time, priority, severityBasis: 'level-field', app, pid, host: null, message: afterLevel(line, b) };
  }
  return { ...bareFields(afterLevel(line, t.length)), time: t.time };
}

export function isoParser(opts: TimeOptions = {}): LineParser {
  return { name: 'iso', parse: (line) => parseIsoPrefixed(line, opts) };
}
