/** The shapes that make a piece of a message a variable, or end one: char-code tests, no regex (hot path). */

export const isDelimiter = (c: number): boolean =>
  c === 61 /* = */ || c === 58 /* : */ || c === 44 /* , */ || c === 59 /* ; */ || c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125;

/**
 * Whitespace, and every other C0 control character too: a token then never holds one, so the
 * miner's keys (tokens joined by U+0001) cannot be forged by a line that carries the separator.
 */
export const isSpace = (c: number): boolean => c <= 32 || c === 127;

/** Where a path or URL stops: a space, or a closing bracket or separator that belongs to the text around it. */
export const endsPath = (c: number): boolean => isSpace(c) || c === 44 || c === 59 || c === 41 || c === 93 || c === 125 || c === 34 || c === 39;

const BOOLEANS = new Set(['true', 'false', 'null', 'nil', 'True', 'False', 'TRUE', 'FALSE', 'NULL', 'Null', 'NIL']);

const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/** true, false, null, nil in their usual cases; the first-letter test saves a slice on most pieces. */
function isBoolean(s: string, start: number, end: number): boolean {
  const len = end - start;
  if (len < 3 || len > 5) return false;
  const c = s.charCodeAt(start) | 32;
  return (c === 116 || c === 102 || c === 110) && BOOLEANS.has(s.slice(start, end));
}

/**
 * A piece with a digit in it, a boolean, or 8+ hex letters. Not a device name (`eth0`, `ee0`,
 * `sda1`: two or more letters, then a one- or two-digit number): a constant of the host.
 */
export function isVariablePiece(s: string, start: number, end: number): boolean {
  if (isBoolean(s, start, end)) return true;
  let hex = end - start >= 8;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return !isDeviceSuffix(s, start, i, end);
    if (hex && !((c >= 97 && c <= 102) || (c >= 65 && c <= 70))) hex = false;
  }
  return hex;
}

/** Whether the first digit at `digit` ends a device name: letters only before it, one or two digits to the end. */
function isDeviceSuffix(s: string, start: number, digit: number, end: number): boolean {
  const digits = end - digit;
  if (digit - start < 2 || digits > 2) return false;
  for (let i = start; i < digit; i++) if (!isLetter(s.charCodeAt(i))) return false;
  return digits === 1 || (s.charCodeAt(digit + 1) >= 48 && s.charCodeAt(digit + 1) <= 57);
}

/** True when `s[i..]` opens a path or URL. */
export function opensPath(s: string, i: number, end: number): boolean {
  const c = s.charCodeAt(i);
  if (c === 47 /* / */) return true;
  if (c === 126 /* ~ */ && s.charCodeAt(i + 1) === 47) return true;
  if (c === 46 /* . */) {
    const d = s.charCodeAt(i + 1);
    return d === 47 || (d === 46 && s.charCodeAt(i + 2) === 47); // ./x, ../x
  }
  // scheme://: letters, then "://" before the piece ends
  let j = i;
  while (j < end) {
    const d = s.charCodeAt(j);
    if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90))) break;
    j++;
  }
  return j > i && j + 2 < end && s.charCodeAt(j) === 58 && s.charCodeAt(j + 1) === 47 && s.charCodeAt(j + 2) === 47;
}

/** `00:1a:2b:3c:4d:5e`, `fe80::1`, `FF:F2:9F:16`: hex digits in groups of up to 4, at least three groups, a digit somewhere. */
export function isHexGroups(s: string, start: number, end: number): boolean {
  let groups = 1;
  let run = 0;
  let digit = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 58 /* : */ || c === 45 /* - */) {
      groups++;
      run = 0;
      continue;
    }
    const isDigit = c >= 48 && c <= 57;
    if (!isDigit && !((c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
    digit ||= isDigit;
    if (++run > 4) return false;
  }
  return digit && groups >= 3;
}

/** A value with a digit anywhere, a boolean, or long hex. */
export function hasVariableShape(s: string, start: number, end: number): boolean {
  if (isVariablePiece(s, start, end)) return true;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Where a path stops, trailing punctuation left out (`loading /a/b: invalid`). */
export function pathEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && !endsPath(s.charCodeAt(j))) j++;
  while (j > i + 1 && (s.charCodeAt(j - 1) === 58 || s.charCodeAt(j - 1) === 46)) j--;
  return j;
}
