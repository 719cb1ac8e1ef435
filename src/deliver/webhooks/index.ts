import type { ChannelConfig } from '../../config/alerts-schema.js';
import { dingtalkPayload, dingtalkUrl } from './dingtalk.js';
import { feishuPayload } from './feishu.js';
import { genericPayload } from './generic.js';
import { assertBotOk, postJson } from './http-post.js';
import type { AlertMessage } from './message.js';
import { slackPayload } from './slack.js';
import { wecomPayload } from './wecom.js';

export type { AlertMessage } from './message.js';
export { plainText, title } from './message.js';
export { escapeHtml, escapeMarkdown, escapeSlack } from './escape.js';

type WebhookChannel = Exclude<ChannelConfig, { type: 'email' }>;

/** Sends one message to one webhook channel; throws with the reason when it was not accepted. */
export async function sendWebhook(o: { channel: WebhookChannel; message: AlertMessage; now: number }): Promise<{ status: number }> {
  const { channel: ch, message: m, now } = o;
  const timeoutMs = ch.timeout;
  switch (ch.type) {
    case 'webhook': {
      const r = await postJson({ url: ch.url, body: genericPayload(m), headers: { 'x-checkup-notification': m.id, ...ch.headers }, timeoutMs });
      return { status: r.status };
    }
    case 'slack': {
      const r = await postJson({ url: ch.url, body: slackPayload(m), timeoutMs });
      return { status: r.status };
    }
    case 'feishu': {
      const r = await postJson({ url: ch.url, body: feishuPayload(m, { ...(ch.secret ? { secret: ch.secret } : {}), now }), timeoutMs });
      assertBotOk(r, 'Feishu');
      return { status: r.status };
    }
    case 'dingtalk': {
      const r = await postJson({ url: dingtalkUrl(ch.url, { ...(ch.secret ? { secret: ch.secret } : {}), now }), body: dingtalkPayload(m), timeoutMs });
      assertBotOk(r, 'DingTalk');
      return { status: r.status };
    }
    case 'wecom': {
      const r = await postJson({ url: ch.url, body: wecomPayload(m), timeoutMs });
      assertBotOk(r, 'WeCom');
      return { status: r.status };
    }
  }
}
