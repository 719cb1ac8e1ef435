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
