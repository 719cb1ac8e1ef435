/**
 * The `--format` / `format:` values and the parser each names:
 *   syslog | journal | json | logfmt | iso | apache | nginx | plain | auto | a logparser pattern.
 * `auto` reads a sample of the file's first lines and takes the format most of them fit.
 */
import type { LineParser, TimeOptions } from './header-fields.js';
import { isoParser } from './iso-prefixed.js';
import { journalParser } from './journal-json.js';
import { jsonParser } from './json-lines.js';
import { logfmtParser } from './logfmt.js';
import { PatternError } from './logparser-pattern.js';
import { isContinuationShape, plainParser } from './plain.js';
import { syslogParser } from './syslog.js';
import { patternParser } from './user-pattern.js';
import { apacheErrorParser, nginxErrorParser } from './web-server-errors.js';

export const FORMAT_NAMES = ['syslog', 'journal', 'json', 'logfmt', 'iso', 'apache', 'nginx', 'plain', 'auto'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Lines of a file `auto` looks at. */
export const AUTO_SAMPLE_LINES = 200;
/** Share of the sample's non-blank lines a format must fit; stack traces take the rest. */
export const AUTO_MIN_SHARE = 0.3;

/** In the order `auto` prefers them when several fit equally (syslog before the looser ISO prefix). */
function candidates(opts: TimeOptions): LineParser[] {
  return [journalParser(), jsonParser(opts), syslogParser(opts), apacheErrorParser(opts), nginxErrorParser(opts), logfmtParser(opts), isoParser(opts)];
}

/** The names `logs:` config accepts for formats read by the same parser (src/config/logs-schema.ts). */
const ALIASES: Record<string, FormatName> = { rfc3164: 'syslog', rfc5424: 'syslog', iso8601: 'iso' };

/** A parser for a format name or a pattern; `auto` needs the sample, see `detectFormat`. Throws PatternError on a bad pattern. */
export function parserFor(format: string, opts: TimeOptions = {}): LineParser | 'auto' {
  switch (ALIASES[format] ?? format) {
    case 'auto':
      return 'auto';
    case 'syslog':
      return syslogParser(opts);
    case 'journal':
      return journalParser();
    case 'json':
      return jsonParser(opts);
    case 'logfmt':
      return logfmtParser(opts);
    case 'iso':
      return isoParser(opts);
    case 'apache':
      return apacheErrorParser(opts);
    case 'nginx':
      return nginxErrorParser(opts);
    case 'plain':
      return plainParser();
    default:
      if (!format.includes('<'))
        throw new PatternError(`unknown format "${format}": use ${FORMAT_NAMES.join('|')} or a pattern such as "<Date> <Time> <Level> <Content>"`);
      return patternParser(format, opts);
  }
}

/**
 * The format most of the sample fits, else `plain`. It must fit at least AUTO_MIN_SHARE of the lines
 * that could start an entry: indented and blank lines (stack frames) are left out of the count.
 */
export function detectFormat(sample: readonly string[], opts: TimeOptions = {}): LineParser {
  const lines = sample.slice(0, AUTO_SAMPLE_LINES).filter((l) => !isContinuationShape(l));
  let best: LineParser = plainParser();
  let bestHits = 0;
  for (const p of candidates(opts)) {
    let hits = 0;
    for (const l of lines) if (p.detect ? p.detect(l) : p.parse(l) !== null) hits++;
    if (hits > bestHits) {
      best = p;
      bestHits = hits;
    }
  }
  return bestHits > 0 && bestHits >= AUTO_MIN_SHARE * lines.length ? best : plainParser();
}
