import { describe, expect, it } from 'vitest';
import type { AlertInstance } from '../../../src/alert/types.js';
import { dingtalkPayload, dingtalkSign, dingtalkUrl } from '../../../src/deliver/webhooks/dingtalk.js';
import { escapeMarkdown, escapeSlack } from '../../../src/deliver/webhooks/escape.js';
import { feishuPayload, feishuSign } from '../../../src/deliver/webhooks/feishu.js';
import { genericPayload } from '../../../src/deliver/webhooks/generic.js';
import type { AlertMessage } from '../../../src/deliver/webhooks/message.js';
import { slackPayload } from '../../../src/deliver/webhooks/slack.js';
import { wecomPayload } from '../../../src/deliver/webhooks/wecom.js';

const hostile = '<b>*evil*</b> [click](http://x.test) & `rm -rf` _x_ @channel <!here>';
const alert: AlertInstance = {
  key: 'proc/h',
  rule: 'proc',
  host: 'h',
  labels: { check: 'proc' },
  severity: 'critical',
  status: 'firing',
  since: 0,
  firedAt: 0,
  resolvedAt: null,
  value: 0,
  message: `0 processes match ${hostile}`,
};
const msg: AlertMessage = { id: 'abc', host: 'h', kind: 'firing', t: 0, firing: [alert], resolved: [], active: [alert] };

describe('webhook payloads', () => {
  it('escapes Slack mrkdwn control characters so user text cannot link or mention', () => {
    expect(escapeSlack('<!here> & <http://x|y>')).toBe('&lt;!here&gt; &amp; &lt;http://x|y&gt;');
    const text = slackPayload(msg).text;
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('<b>');
    expect(text).toContain('&lt;b&gt;');
  });

  it('escapes markdown specials for DingTalk, Feishu and WeCom', () => {
    expect(escapeMarkdown('*a* _b_ [c](d) `e` <f> # g')).toBe('\\*a\\* \\_b\\_ \\[c\\]\\(d\\) \\`e\\` &lt;f\\> \\# g');
    for (const text of [
      dingtalkPayload(msg).markdown.text,
      feishuPayload(msg, { now: 0 }).card.elements[0]!.text.content,
      wecomPayload(msg).markdown.content,
    ]) {
      expect(text).not.toContain('<b>');
      expect(text).not.toContain('[click](');
      expect(text).toContain('\\*evil\\*');
    }
  });

  it('sends user text as a plain JSON string in the generic webhook', () => {
    const round = JSON.parse(JSON.stringify(genericPayload(msg))) as { firing: Array<{ message: string }> };
    expect(round.firing[0]?.message).toBe(`0 processes match ${hostile}`);
  });

  it('signs Feishu and DingTalk as their documentation says (vectors from Python hmac)', () => {
    expect(feishuSign(1_700_000_000, 'SECabc123')).toBe('UqhI0v4zAkSwI4hNYBuHQvnrAqshA0UaeBGHCUMPX70=');
    expect(dingtalkSign(1_700_000_000_000, 'SECabc123')).toBe('N5P09a4+p1AMJIJWnIvQd2Yxw9+fu/oEBnPrjCcsLXk=');
    const url = dingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=t', { secret: 'SECabc123', now: 1_700_000_000_000 });
    expect(url).toBe('https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000&sign=N5P09a4%2Bp1AMJIJWnIvQd2Yxw9%2Bfu%2FoEBnPrjCcsLXk%3D');
    expect(feishuPayload(msg, { secret: 'SECabc123', now: 1_700_000_000_000 })).toMatchObject({
      timestamp: '1700000000',
      sign: 'UqhI0v4zAkSwI4hNYBuHQvnrAqshA0UaeBGHCUMPX70=',
    });
  });
});
