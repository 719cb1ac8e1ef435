/** The shapes that make a piece of a message a variable, or end one: char-code tests, no regex (hot path). */

export const isDelimiter = (c: number): boolean =>
  c === 61 /* = */ || c === 58 /* : */ || c === 44 /* , */ || c === 59 /* ; */ || c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125;

export const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** Where a path or URL stops: a space, or a closing bracket or separator that belongs to the text around it. */
export const endsPath = (c: number): boolean => isSpace(c) || c === 44 || c === 59 || c === 41 || c === 93 || c === 125 || c === 34 || c === 39;

const BOOLEANS = new Set(['true', 'false', 'null', 'nil', 'True', 'False', 'TRUE', 'FALSE', 'NULL', 'Null', 'NIL']);

/** `eth0`, `ee0`, `sda1`: letters and a one- or two-digit number name a device, a constant of the host. */
function isDeviceName(s: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && ((s.charCodeAt(i) | 32) >= 97 && (s.charCodeAt(i) | 32) <= 122)) i++;
  const digits = end - i;
  if (i - start < 2 || digits < 1 || digits > 2) return false;
  for (let j = i; j < end; j++) if (s.charCodeAt(j) < 48 || s.charCodeAt(j) > 57) return false;
  return true;
}

export function isVariablePiece(s: string, start: number, end: number): boolean {
  const len = end - start;
  if (len >= 3 && len <= 5 && BOOLEANS.has(s.slice(start, end))) return true;
  if (isDeviceName(s, start, end)) return false;
  let hex = len >= 8;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
    if (hex && !((c >= 97 && c <= 102) || (c >= 65 && c <= 70))) hex = false;
  }
  return hex;
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
