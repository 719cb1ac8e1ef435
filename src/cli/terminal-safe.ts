/**
 * Attacker-chosen text (usernames from sshd, commands from sudo, paths) made safe to print on a
 * terminal: control characters (C0, DEL, C1: newlines, ESC sequences that move the cursor or
 * recolour the screen), bidi overrides and zero-width characters (which reorder or hide what is
 * shown) become visible escapes, and a backslash is doubled so an escape cannot be faked. The raw
 * value stays in the data and in --json (JSON escapes control characters itself).
 */
// Matching control characters is the point of this regex.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function terminalSafe(s: string): string {
  return s.replace(
    UNSAFE,
    (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u{${c.charCodeAt(0).toString(16)}}`),
  );
}

/** terminalSafe, then cut to `max` characters with an ellipsis, for a table cell. */
export function cell(s: string | null | undefined, max = 40, empty = '-'): string {
  if (s === null || s === undefined || s === '') return empty;
  let safe = terminalSafe(s);
  // " 0101" (a real username from the LogHub set) must not read as "0101".
  if (/^\s|\s$/.test(safe)) safe = `"${safe}"`;
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}
