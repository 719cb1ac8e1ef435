/**
 * A user's header pattern in logparser's notation as a parser. Field names are matched without case:
 * `<Content>` is the message; `<Level>`/`<Severity>` the level; `<Component>`, `<App>`, `<Program>`,
 * `<Logger>` or `<Service>` the app; `<Pid>` the pid; `<Host>`/`<Hostname>`/`<Node>` the host;
 * `<Date>` and `<Time>` (joined by a space), or `<Timestamp>`/`<Datetime>`, the time. Other fields are
 * matched and dropped.
 */
import { bareFields, type HeaderFields, type LineParser, type TimeOptions } from './header-fields.js';
import { levelWordPriority } from './levels.js';
import { looseTime } from './loose-time.js';
import { compilePattern, matchPattern, type HeaderPattern } from './logparser-pattern.js';

const APP = ['component', 'app', 'program', 'logger', 'service', 'process'];
const HOST = ['host', 'hostname', 'node'];

function pick(fields: Record<string, string>, lowerNames: Map<string, string>, wanted: readonly string[]): string | null {
  for (const w of wanted) {
    const name = lowerNames.get(w);
    if (name === undefined) continue;
    const v = fields[name]!.trim();
    if (v !== '') return v;
  }
  return null;
}

export function patternParser(pattern: string | HeaderPattern, opts: TimeOptions = {}): LineParser {
  const p = typeof pattern === 'string' ? compilePattern(pattern) : pattern;
  const lowerNames = new Map(p.fields.map((f) => [f.toLowerCase(), f]));
  return {
    name: `pattern:${p.source}`,
    parse(line: string): HeaderFields | null {
      const f = matchPattern(p, line);
      if (!f) return null;
      const level = pick(f, lowerNames, ['level', 'severity', 'lvl']);
      const priority = level === null ? null : levelWordPriority(level, { letters: true });
      const date = pick(f, lowerNames, ['date']);
      const time = pick(f, lowerNames, ['time']);
      const stamp = pick(f, lowerNames, ['timestamp', 'datetime']) ?? (date && time ? `${date} ${time}` : (time ?? date));
      const pid = pick(f, lowerNames, ['pid']);
      return {
        ...bareFields(f.Content ?? ''),
        time: stamp === null ? null : looseTime(stamp, opts),
        priority,
        severityBasis: priority === null ? 'none' : 'level-field',
        app: pick(f, lowerNames, APP),
        pid: pid !== null && /^\d{1,10}$/.test(pid) ? Number(pid) : null,
        host: pick(f, lowerNames, HOST),
      };
    },
  };
}
