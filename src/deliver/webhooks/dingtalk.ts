import { createHmac } from 'node:crypto';
import { escapeMarkdown, markdownLogText } from './escape.js';
import { detailLines, lines, logDetail, title, when, type AlertMessage } from './message.js';

/** DingTalk's signature: HMAC-SHA256 keyed with the secret over "<timestamp ms>\n<secret>", base64. */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The webhook URL with `timestamp` and the url-encoded `sign` appended, as DingTalk requires. */
export function dingtalkUrl(url: string, opts: { secret?: string; now: number }): string {
  if (!opts.secret) return url;
  const u = new URL(url);
  // URLSearchParams url-encodes the base64 (+, /, =) as the signing scheme requires.
  u.searchParams.set('timestamp', String(opts.now));
  u.searchParams.set('sign', dingtalkSign(opts.now, opts.secret));
  return u.toString();
}

export function dingtalkPayload(m: AlertMessage) {
  const body = lines(m).flatMap((l) => [
    `- **${l.state.toUpperCase()}** ${escapeMarkdown(l.alert.rule)} \\[${l.alert.severity}\\] ${escapeMarkdown(l.alert.message)} (${when(l)})`,
    ...detailLines(logDetail(l.alert, markdownLogText)),
  ]);
  return { msgtype: 'markdown', markdown: { title: title(m), text: [`### ${title(m)}`, '', ...body].join('\n') } };
}
