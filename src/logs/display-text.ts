/**
 * Log text (templates, examples, source names) comes from lines anyone who can write to a log may
 * have written. Before it goes anywhere a reader sees it, it becomes one line: line breaks show as
 * ` ⏎ ` (a forged "RESOLVED" line in a mail is then visibly part of the quoted text), other control
 * characters and bidirectional overrides as `\xNN` / `\uNNNN`, and it is cut. Markup escaping is the
 * output's own job (Handlebars for HTML, the channel escapers for markdown): this only makes the
 * text one honest line.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are shown escaped
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const BREAK = /\r\n|\r|\n/g;

/** Longest log text shown anywhere (a template or an example): longer ones end in "…". */
export const MAX_LOG_TEXT = 300;

export function logLine(text: string, max = MAX_LOG_TEXT): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut
    .replace(BREAK, ' ⏎ ')
    .replace(/\t/g, ' ')
    .replace(UNSAFE, (c) => {
      const code = c.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}
