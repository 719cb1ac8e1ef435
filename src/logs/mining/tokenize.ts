/**
 * Splits a message into tokens and masks the obvious variables before any grouping.
 *
 * Words are split on whitespace, then on `=` `:` `,` `;` and brackets, keeping those delimiters as
 * their own tokens so the template text reads like the line. A token is masked as `<*>` when it holds
 * a digit (numbers, ids, IPs, times, hex), or is a path or a URL. Masking first is what lets one
 * similarity setting serve every source: the grouping then only has to find the variables that look
 * like words (user names, host names).
 *
 * The loop walks char codes instead of running a regex per token: this is the hot path.
 */
export const WILDCARD = '<*>';

/** Joined with no space before it: a delimiter that belongs to the word it ends or splits. */
export const GLUE = '\u0000';

const isDelimiter = (c: number): boolean =>
  c === 61 /* = */ || c === 58 /* : */ || c === 44 /* , */ || c === 59 /* ; */ ||
  c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 /* ()[]{} */;

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 10 || c === 12 || c === 11;

function maskWord(word: string): string {
  const first = word.charCodeAt(0);
  // Paths and URLs: the directory or host varies far more often than it names an event.
  if (first === 47 /* / */ || first === 126 /* ~ */) return WILDCARD;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 48 && c <= 57) return WILDCARD;
    if (c === 47 && word.charCodeAt(i + 1) === 47) return WILDCARD; // scheme://
  }
  return word;
}

/**
 * Tokens of one message. A token that directly follows the previous one (no whitespace between)
 * is prefixed with GLUE, so `templateText` can put the line back together.
 */
export function tokenize(message: string): string[] {
  const out: string[] = [];
  const n = message.length;
  let i = 0;
  let glued = false;
  while (i < n) {
    let c = message.charCodeAt(i);
    if (isSpace(c)) {
      glued = false;
      i++;
      continue;
    }
    if (isDelimiter(c)) {
      out.push(glued ? GLUE + message[i] : message[i]!);
      glued = true;
      i++;
      continue;
    }
    const start = i;
    while (i < n) {
      c = message.charCodeAt(i);
      if (isSpace(c) || isDelimiter(c)) break;
      i++;
    }
    const word = maskWord(message.slice(start, i));
    out.push(glued ? GLUE + word : word);
    glued = true;
  }
  return out;
}

/** Collapses runs of `<*>` glued by delimiters that are all variable, e.g. an IP:port, and rebuilds spacing. */
export function templateText(tokens: readonly string[]): string {
  let s = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.charCodeAt(0) === 0) s += t.slice(1);
    else s += i === 0 ? t : ` ${t}`;
  }
  return s;
}

/** The token without its GLUE marker. */
export const bare = (t: string): string => (t.charCodeAt(0) === 0 ? t.slice(1) : t);
