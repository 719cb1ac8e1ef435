import { createHmac } from 'node:crypto';
import { escapeMarkdown, markdownLogText } from './escape.js';
import { detailLines, lines, logDetail, title, when, type AlertMessage } from './message.js';

/** Feishu's signature: HMAC-SHA256 keyed with "<timestamp>\n<secret>" over an empty message, base64. */
export function feishuSign(timestampSec: number, secret: string): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}

/** Feishu (Lark) custom bot: an interactive card with lark_md text; timestamp and sign go in the body. */
export function feishuPayload(m: AlertMessage, opts: { secret?: string; now: number }) {
  const text = lines(m)
    .flatMap((l) => [
      `**${l.state.toUpperCase()}** ${escapeMarkdown(l.alert.rule)} \\[${l.alert.severity}\\] ${escapeMarkdown(l.alert.message)} (${when(l)})`,
      ...detailLines(logDetail(l.alert, markdownLogText)),
    ])
    .join('\n');
  const card = {
    header: { title: { tag: 'plain_text', content: title(m) }, template: m.kind === 'resolved' ? 'green' : 'red' },
    elements: [{ tag: 'div', text: { tag: 'lark_md', content: text } }],
  };
  const ts = Math.floor(opts.now / 1000);
  return { ...(opts.secret ? { timestamp: String(ts), sign: feishuSign(ts, opts.secret) } : {}), msg_type: 'interactive', card };
}
