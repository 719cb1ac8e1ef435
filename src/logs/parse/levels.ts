/**
 * Severity from a level field or, last, from keywords in the message. The order of trust is
 * journal PRIORITY, syslog PRI, a level field, keywords; each parser fills what its format has and
 * the entry reader falls back to keywords only when nothing else said.
 */
import type { Priority } from '../types.js';

const WORDS: Record<string, Priority> = {
  emerg: 0,
  emergency: 0,
  panic: 0,
  alert: 1,
  crit: 2,
  critical: 2,
  fatal: 2,
  err: 3,
  error: 3,
  eror: 3,
  severe: 3,
  warn: 4,
  warning: 4,
  notice: 5,
  info: 6,
  information: 6,
  informational: 6,
  debug: 7,
  trace: 7,
  verbose: 7,
  fine: 7,
  finer: 7,
  finest: 7,
  dbug: 7,
};

/** Single letters as Android's logcat and glog write them (`W`, `E`): only trusted in a field that is a level. */
const LETTERS: Record<string, Priority> = { V: 7, D: 7, I: 6, N: 5, W: 4, E: 3, C: 2, F: 2, A: 1 };

/** The priority a level word names (`ERROR`, `warn`, `[INFO]`, `<info>`, Apache's `trace3`), or null. */
export function levelWordPriority(raw: string, opts: { letters?: boolean } = {}): Priority | null {
  let w = raw.trim();
  if (w.length > 2 && ((w[0] === '[' && w.endsWith(']')) || (w[0] === '<' && w.endsWith('>')))) w = w.slice(1, -1);
  if (w.endsWith(':')) w = w.slice(0, -1);
  if (w.length === 0 || w.length > 13) return null;
  if (w.length === 1) return opts.letters ? (LETTERS[w.toUpperCase()] ?? null) : null;
  const lower = w.toLowerCase();
  const p = WORDS[lower];
  if (p !== undefined) return p;
  return /^trace[1-8]$/.test(lower) ? 7 : null;
}

/**
 * A numeric level: pino and bunyan write 10 (trace) to 60 (fatal); GELF and some others write the
 * syslog severity 0–7 itself.
 */
export function levelNumberPriority(n: number): Priority | null {
  if (!Number.isInteger(n)) return null;
  if (n >= 0 && n <= 7) return n as Priority;
  if (n >= 60) return 2;
  if (n >= 50) return 3;
  if (n >= 40) return 4;
  if (n >= 30) return 6;
  if (n >= 10) return 7;
  return null;
}

/** Keywords are searched in the first KEYWORD_WINDOW characters only: a long message cannot slow it down. */
const KEYWORD_WINDOW = 1024;

/** In order of severity, so the first found is the most severe; `suffix` words may end a longer one (`ValueError`). */
const KEYWORDS: ReadonlyArray<{ word: string; p: Priority; suffix?: boolean }> = [
  { word: 'panic', p: 2 },
  { word: 'fatal', p: 2 },
  { word: 'critical', p: 2 },
  { word: 'error', p: 3, suffix: true },
  { word: 'exception', p: 3, suffix: true },
  { word: 'traceback', p: 3 },
  { word: 'segfault', p: 3 },
  { word: 'oops', p: 3 },
  { word: 'warn', p: 4 },
  { word: 'warning', p: 4 },
  { word: 'failed', p: 4 },
  { word: 'failure', p: 4 },
  { word: 'denied', p: 4 },
  { word: 'refused', p: 4 },
];

const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** Whether `word` occurs in `text` as a whole word (or, for a suffix word, at the end of one). */
function hasWord(text: string, word: string, suffix: boolean): boolean {
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (isLetter(text.charCodeAt(i + word.length))) continue;
    if (suffix || !isLetter(text.charCodeAt(i - 1))) return true;
  }
  return false;
}

/**
 * The most severe keyword in the message: crit for panic/fatal/critical, err for error/exception
 * (`ValueError`, `NullPointerException` too)/traceback/segfault, warning for warn/failed/denied/
 * refused; null when none (the severity stays unknown, never "info"). Whole words only, so `errors`
 * is no match, but `error=0` is: keywords are the weakest evidence, which is why they come last.
 */
export function keywordPriority(message: string): Priority | null {
  const text = (message.length > KEYWORD_WINDOW ? message.slice(0, KEYWORD_WINDOW) : message).toLowerCase();
  for (const k of KEYWORDS) if (hasWord(text, k.word, k.suffix === true)) return k.p;
  return null;
}
