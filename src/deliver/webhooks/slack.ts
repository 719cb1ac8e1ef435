import { escapeSlack, slackLogText } from './escape.js';
import { lines, logDetail, title, when, type AlertMessage } from './message.js';

/** Slack incoming webhook: `text` in mrkdwn, user data escaped (&, <, >) so it cannot mention or link. */
export function slackPayload(m: AlertMessage) {
  const icon = { firing: ':red_circle:', resolved: ':large_green_circle:', 'still firing': ':large_orange_circle:' } as const;
  const body = lines(m).flatMap((l) => {
    const d = logDetail(l.alert, slackLogText);
    return [
      `${icon[l.state]} *${escapeSlack(l.alert.rule)}* [${l.alert.severity}] ${escapeSlack(l.alert.message)} _(${when(l)})_`,
      ...(d ? [`      template ${d.template}${d.example !== null ? ` e.g. ${d.example}` : ''}`] : []),
    ];
  });
  return { text: [`*${escapeSlack(title(m))}*`, ...body].join('\n'), unfurl_links: false, unfurl_media: false };
}
