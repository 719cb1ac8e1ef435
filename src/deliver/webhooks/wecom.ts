import { escapeMarkdown, markdownLogText } from './escape.js';
import { detailLines, lines, logDetail, title, when, type AlertMessage } from './message.js';

/** WeCom (企业微信) group bot: markdown; the key is in the URL and there is no signing. Limit 4096 bytes. */
export function wecomPayload(m: AlertMessage) {
  const color = { firing: 'warning', resolved: 'info', 'still firing': 'comment' } as const;
  const body = lines(m).flatMap((l) => [
    `> <font color="${color[l.state]}">${l.state.toUpperCase()}</font> ${escapeMarkdown(l.alert.rule)} \\[${l.alert.severity}\\] ${escapeMarkdown(l.alert.message)} (${when(l)})`,
    ...detailLines(logDetail(l.alert, markdownLogText)).map((d) => `> ${d}`),
  ]);
  let content = [`**${title(m)}**`, ...body].join('\n');
  while (Buffer.byteLength(content) > 4000) content = `${content.slice(0, Math.floor(content.length * 0.9))}…`;
  return { msgtype: 'markdown', markdown: { content } };
}
