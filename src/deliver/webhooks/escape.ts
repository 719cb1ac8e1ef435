import { logLine } from '../../logs/display-text.js';

/** Slack mrkdwn: only &, < and > are control characters (Slack's own rule); the rest is text. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Markdown for DingTalk, Feishu (lark_md) and WeCom: characters that start emphasis, code, links,
 * headings, quotes or tables are backslash-escaped and "<" becomes an entity, so a process named
 * "<b>*x*</b>" shows as typed instead of turning bold, linking or injecting markup. Newlines are
 * flattened: user text always sits mid-line, where list and heading markers mean nothing.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]()#|~>]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Log text in Slack mrkdwn. Slack has no escape for `*`, `_` or `~`, but formats nothing inside
 * inline code: the text goes in one code span, its own backticks become ˋ (U+02CB) so it cannot
 * close the span, and &, <, > become entities so `<@U123>` or `<!here>` cannot mention anyone.
 */
export function slackLogText(text: string): string {
  return `\`${escapeSlack(logLine(text).replace(/`/g, 'ˋ'))}\``;
}

/** Markup characters of DingTalk, Feishu (lark_md) and WeCom markdown, and their look-alikes. */
const LOOK_ALIKE: Record<string, string> = {
  '*': '∗',
  _: '＿',
  '`': 'ˋ',
  '~': '∼',
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '<': '‹',
  '>': '›',
  '#': '＃',
  '|': '￨',
  '\\': '＼',
  '&': '＆',
  '@': '＠',
};

/**
 * Log text in DingTalk, Feishu and WeCom markdown. Their documentation promises no backslash
 * escapes, and WeCom and Feishu read tags (`<font>`, `<at>`) inside markdown; so markup characters
 * of log text are replaced by look-alikes (`<*>` shows as ‹∗›, `[a](b)` as ［a］（b）): nothing of
 * the log can format, link, mention or add a tag, whatever the dialect's escaping does.
 */
export function markdownLogText(text: string): string {
  return logLine(text).replace(/[*_`~[\]()<>#|\\&@]/g, (c) => LOOK_ALIKE[c] ?? c);
}
