/**
 * Lines with no header we know: each is an entry, except the lines that can only continue the one
 * before (indented lines, blank lines, Java's `Caused by:` and `... 12 more`, Python's traceback
 * header). `auto` falls back to it when no format fits the file's first lines.
 */
import { bareFields, type LineParser } from './header-fields.js';

const CONTINUATION = /^(?:[ \t]|$|Caused by: |Traceback \(most recent call last\):|\.\.\. \d+ (?:more|common frames omitted))/;

/** Whether a line is shaped like the continuation of an entry, whatever the format. */
export const isContinuationShape = (line: string): boolean => CONTINUATION.test(line);

export function plainParser(): LineParser {
  return { name: 'plain', parse: (line) => (isContinuationShape(line) ? null : bareFields(line)) };
}
