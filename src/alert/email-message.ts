import type { ChannelConfig } from '../config/alerts-schema.js';
import type { MailMessage } from '../deliver/mailer.js';
import { escapeHtml } from '../deliver/webhooks/escape.js';
import { lines, logDetail, plainText, title, when, type AlertMessage } from '../deliver/webhooks/message.js';
import { logLine } from '../logs/display-text.js';

/** A log alert's template and example in the detail cell, one escaped line each. */
function logHtml(a: AlertMessage['firing'][number]): string {
  const d = logDetail(a, (t) => escapeHtml(logLine(t)));
  if (!d) return '';
  const ex = d.example !== null ? `<br><span style="color:#667085">example: <code>${d.example}</code></span>` : '';
  return `<br>template: <code>${d.template}</code>${ex}`;
}

type EmailChannel = Extract<ChannelConfig, { type: 'email' }>;

/**
 * The email form of a notification. The Message-ID is fixed per notification and channel, so a
 * resend after a crash is recognisable as the same message.
 */
export function alertEmail(o: { message: AlertMessage; channelName: string; channel: EmailChannel; from: string }): MailMessage {
  const m = o.message;
  const colour = { firing: '#b42318', resolved: '#067647', 'still firing': '#b54708' } as const;
  const rows = lines(m)
    .map(
      (l) =>
        `<tr><td style="color:${colour[l.state]};font-weight:bold">${l.state.toUpperCase()}</td><td>${escapeHtml(l.alert.severity)}</td>` +
        `<td>${escapeHtml(l.alert.rule)}</td><td>${escapeHtml(l.alert.message)}${logHtml(l.alert)}</td><td>${escapeHtml(when(l))}</td></tr>`,
    )
    .join('');
  const html =
    `<!doctype html><html><body style="font-family:sans-serif"><h2>${escapeHtml(title(m))}</h2>` +
    `<table cellpadding="6" style="border-collapse:collapse"><tr><th>state</th><th>severity</th><th>rule</th><th>detail</th><th>since</th></tr>${rows}</table>` +
    `<p style="color:#667085;font-size:12px">notification ${escapeHtml(m.id)}</p></body></html>`;
  return {
    from: o.from,
    to: o.channel.to,
    ...(o.channel.cc.length > 0 ? { cc: o.channel.cc } : {}),
    subject: title(m),
    text: plainText(m),
    html,
    messageId: `<alert-${m.id}-${o.channelName}@checkup>`,
  };
}
