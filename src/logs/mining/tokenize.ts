/**
 * Splits a message into tokens and masks the variables that can be told by their shape alone,
 * before any grouping. The rules hold for any log, so no source needs its own masking regexes:
 *
 * - words split on whitespace, then on `=` `:` `,` `;` and brackets, the delimiters kept as tokens
 *   so a template reads like its line;
 * - a piece holding a digit is a variable (numbers, ids, IPs, times, hex, versions), and so are
 *   `true`, `false`, `null` and `nil`, and all-hex pieces of 8 or more characters (`ffffffff`);
 *   but not a key (`r24=`) nor a device name (`eth0`, `sda1`: letters and a one- or two-digit number);
 * - a word made of hex groups (`00:1a:2b:3c:4d:5e`, `fe80::1`) is one variable;
 * - a piece that starts with `/`, `./`, `../` or `~/`, or holds `://`, is a path or URL: one
 *   variable up to the next space or closing bracket, `=` and `:` included (query strings, ports);
 * - the value of `key=value` is one token up to the next space, `,` or `;` outside brackets
 *   (`ws=WorkSource{1000}`), and a quoted value (`tag="View Lock"`) runs to its closing quote;
 * - a size or time unit after a variable (`20.0 KB`, `15 ms`) belongs to it;
 * - a run of variables, glued by delimiters other than `=` or separated by spaces
 *   (`10.0.0.1:22`, `a,b`, a list of block ids), is one variable: lists of any length give one template.
 *
 * The loop walks char codes instead of running a regex per token: this is the hot path.
 */
import { hasVariableShape, isDelimiter, isHexGroups, isSpace, isVariablePiece, opensPath, pathEnd } from './token-shapes.js';

export const WILDCARD = '<*>';

/** Marks a token written with no space before it, so `templateText` can put the line back together. */
export const GLUE = '\u0000';

const GLUED_WILDCARD = GLUE + WILDCARD;

const UNITS = new Set(['B', 'KB', 'MB', 'GB', 'TB', 'KiB', 'MiB', 'GiB', 'TiB', 'kB', 'ms', 'us', 'µs', 'ns', 's']);

export const isWildcardToken = (t: string): boolean => t === WILDCARD || t === GLUED_WILDCARD;

/** The token without its GLUE marker. */
export const bare = (t: string): string => (t.charCodeAt(0) === 0 ? t.slice(1) : t);

/** A delimiter token (`=`, `:`, brackets): never a variable, and no evidence either way when comparing lines. */
export function isDelimiterToken(t: string): boolean {
  const s = t.charCodeAt(0) === 0 ? 1 : 0;
  return t.length === s + 1 && isDelimiter(t.charCodeAt(s));
}

/** Adds a token, merging it into a variable run when both sides are variables or delimiters between them. */
class TokenSink {
  readonly out: string[] = [];
  /** Index in `out` where the current run of glued delimiters after a variable began, or -1. */
  private pendingFrom = -1;

  push(token: string, glued: boolean): void {
    const out = this.out;
    if (token === WILDCARD) {
      const last = out.length > 0 ? out[out.length - 1]! : undefined;
      if (this.pendingFrom >= 0 && glued) {
        // `<*>:<*>`: the delimiters between two variables fold into one variable
        out.length = this.pendingFrom;
        this.pendingFrom = -1;
        return;
      }
      if (last !== undefined && isWildcardToken(last)) return; // `<*> <*>`: a list is one variable
      this.pendingFrom = -1;
      out.push(glued ? GLUED_WILDCARD : WILDCARD);
      return;
    }
    const last = out.length > 0 ? out[out.length - 1]! : undefined;
    if (glued && token.length === 1 && isDelimiter(token.charCodeAt(0)) && last !== undefined) {
      // a delimiter glued after a variable (or after such delimiters) may be the inside of `a:b`;
      // `=` never is: `r24=0x1f` keeps its key
      if (token === '=') this.pendingFrom = -1;
      else if (isWildcardToken(last)) this.pendingFrom = out.length;
      else if (!(this.pendingFrom >= 0 && isDelimiterToken(last))) this.pendingFrom = -1;
      out.push(GLUE + token);
      return;
    }
    this.pendingFrom = -1;
    if (!glued && last !== undefined && isWildcardToken(last) && UNITS.has(token)) return; // `20.0 KB`
    out.push(glued ? GLUE + token : token);
  }
}

/** Tokens mined per message: the rest of a longer one is one variable, which bounds a cluster's size. */
export const MAX_TOKENS = 200;

/** Tokens of one message, variables masked; a token written with no space before it starts with GLUE. */
export function tokenize(message: string): string[] {
  const sink = new TokenSink();
  const n = message.length;
  let i = 0;
  while (i < n) {
    if (sink.out.length >= MAX_TOKENS) {
      sink.push(WILDCARD, false);
      break;
    }
    if (isSpace(message.charCodeAt(i))) {
      i++;
      continue;
    }
    let wordEnd = i;
    while (wordEnd < n && !isSpace(message.charCodeAt(wordEnd))) wordEnd++;
    if (isHexGroups(message, i, wordEnd)) {
      sink.push(WILDCARD, false);
      i = wordEnd;
      continue;
    }
    i = tokenizeWord(message, i, wordEnd, sink);
  }
  return sink.out;
}

/** `msg="…"` and `message="…"` (logfmt) hold the message itself, not a value to mask. */
function isMessageKey(s: string, equals: number): boolean {
  const key = s.slice(Math.max(0, equals - 8), equals);
  return key.endsWith('msg') || key.endsWith('message');
}

/**
 * The value after `=` at `i`: one token to the next space, or `,` `;` or an unmatched closing bracket
 * outside brackets; a quoted value to its closing quote (at most 256 characters on). Returns its end.
 */
function readValue(s: string, i: number, wordEnd: number, sink: TokenSink): number {
  if (s.charCodeAt(i) === 34 /* " */) {
    const close = s.indexOf('"', i + 1);
    if (close > 0 && close - i <= 256 && !isMessageKey(s, i - 1)) {
      sink.push(WILDCARD, true);
      return close + 1;
    }
  }
  let depth = 0;
  let j = i;
  for (; j < wordEnd; j++) {
    const c = s.charCodeAt(j);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0) break;
      depth--;
    } else if ((c === 44 || c === 59) && depth === 0) break;
  }
  if (j > i) sink.push(opensPath(s, i, j) || hasVariableShape(s, i, j) ? WILDCARD : s.slice(i, j), true);
  return j;
}

/** Tokenises one whitespace-separated word (a quoted value may run past it); returns where it stopped. */
function tokenizeWord(s: string, start: number, end: number, sink: TokenSink): number {
  const n = s.length;
  let wordEnd = end;
  let i = start;
  let glued = false;
  while (i < wordEnd) {
    const c = s.charCodeAt(i);
    if (isDelimiter(c)) {
      sink.push(s[i]!, glued);
      glued = true;
      i++;
      if (c === 61 /* = */ && i < wordEnd) {
        i = readValue(s, i, wordEnd, sink);
        while (wordEnd < i || (wordEnd < n && !isSpace(s.charCodeAt(wordEnd)))) wordEnd++;
      }
      continue;
    }
    if (opensPath(s, i, wordEnd)) {
      sink.push(WILDCARD, glued);
      glued = true;
      i = pathEnd(s, i);
      continue;
    }
    let j = i;
    while (j < wordEnd && !isDelimiter(s.charCodeAt(j))) j++;
    // a key (`r24=`, `ipv4=`) names the value after it: a constant even with digits in it
    const isKey = s.charCodeAt(j) === 61;
    sink.push(!isKey && isVariablePiece(s, i, j) ? WILDCARD : s.slice(i, j), glued);
    glued = true;
    i = j;
  }
  return wordEnd;
}

/** The template text: tokens joined with the spacing the line had. */
export function templateText(tokens: readonly string[]): string {
  let s = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.charCodeAt(0) === 0) s += t.slice(1);
    else s += i === 0 ? t : ` ${t}`;
  }
  return s;
}
