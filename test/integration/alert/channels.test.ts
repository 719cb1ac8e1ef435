import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../utils/smtp-sink.js';
import { startStack, type Stack } from './helpers/stack.js';
import { startReceiver, type Receiver } from '../../utils/webhook-receiver.js';

type Generic = { id: string; firing: Array<{ message: string }> };

// One failing process, six channels. Every channel gets the alert once, signed where the service
// signs, with the process's hostile name shown as text; a broken channel retries on its own.
describe('alert channels', () => {
  const tag = randomBytes(3).toString('hex').slice(0, 4);
  const hostileName = `<i>*${tag}*</i>`;
  let child: ChildProcess;
  let stack: Stack;
  let sink: SmtpSink;
  let rx: Receiver;

  beforeAll(async () => {
    child = spawn(process.execPath, ['-e', `process.title = ${JSON.stringify(hostileName)}; setInterval(() => {}, 1000)`], { stdio: 'ignore' });
    // The title is the process name (comm) once node has run the first line.
    for (let i = 0; i < 100 && readComm(child.pid!) !== hostileName; i++) await new Promise((r) => setTimeout(r, 20));
    expect(readComm(child.pid!)).toBe(hostileName);
    [sink, rx] = await Promise.all([startSmtpSink(), startReceiver({ reply: (r) => (r.path === '/broken' ? { status: 500, body: 'down' } : undefined) })]);
    const quick = { backoff: '100ms', timeout: '2s' };
    stack = await startStack({
      host: 'edge-1',
      smtpUrl: sink.url,
      checks: [{ name: 'rogue', kind: 'process', regex: `\\*${tag}\\*`, min: 0, max: 0, interval: '200ms' }],
      alerts: {
        evaluateEvery: '200ms',
        groupWait: 0,
        rules: [{ name: 'rogue-process', type: 'check', check: 'rogue', severity: 'critical' }],
        channels: {
          mail: { type: 'email', to: ['ops@example.test'], ...quick },
          hook: { type: 'webhook', url: `${rx.url}/hook`, ...quick },
          slack: { type: 'slack', url: `${rx.url}/slack`, ...quick },
          feishu: { type: 'feishu', url: `${rx.url}/feishu`, secret: 'feishu-secret', ...quick },
          dingtalk: { type: 'dingtalk', url: `${rx.url}/dingtalk?access_token=tok`, secret: 'SECding', ...quick },
          wecom: { type: 'wecom', url: `${rx.url}/wecom?key=k1`, ...quick },
          broken: { type: 'webhook', url: `${rx.url}/broken`, retries: 2, backoff: '100ms' },
        },
      },
      roles: ['checks', 'alerts', 'deliver'],
    });
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await stack?.close();
    await Promise.all([sink?.close(), rx?.close()]);
  });

  it('delivers to every working channel once, signed and escaped, while the broken one fails alone', async () => {
    const paths = ['/hook', '/slack', '/feishu', '/dingtalk', '/wecom'];
    await expect.poll(() => paths.every((p) => rx.at(p).length === 1) && sink.messages.length === 1, { timeout: 10_000, interval: 100 }).toBe(true);
    const reader = stack.deps.alertReader;
    await expect
      .poll(async () => (await reader.notifications({ from: 0, to: Date.now() })).find((e) => e.channel === 'broken')?.outcome, {
        timeout: 10_000,
        interval: 100,
      })
      .toBe('failed');
    expect(rx.attempts('/broken')).toBe(3);

    const generic = rx.at('/hook')[0]!.body as Generic;
    // JSON: the name is just a string.
    expect(generic.firing[0]!.message).toContain(`${child.pid} "${hostileName}"`);
    expect(rx.at('/hook')[0]!.headers['x-checkup-notification']).toBe(generic.id);

    const slack = (rx.at('/slack')[0]!.body as { text: string }).text;
    expect(slack).toContain(`&lt;i&gt;*${tag}*&lt;/i&gt;`);
    expect(slack).not.toContain('<i>');

    const md = `&lt;i\\>\\*${tag}\\*&lt;/i\\>`;
    const feishu = rx.at('/feishu')[0]!.body as { timestamp: string; sign: string; card: { elements: Array<{ text: { content: string } }> } };
    expect(feishu.card.elements[0]!.text.content).toContain(md);
    // Feishu: HMAC-SHA256 keyed with "timestamp\nsecret" over an empty string, base64, in the body.
    expect(feishu.sign).toBe(createHmac('sha256', `${feishu.timestamp}\nfeishu-secret`).update('').digest('base64'));
    expect(Math.abs(Number(feishu.timestamp) - Date.now() / 1000)).toBeLessThan(60);

    const ding = rx.at('/dingtalk')[0]!;
    expect((ding.body as { markdown: { text: string } }).markdown.text).toContain(md);
    const ts = ding.query.get('timestamp')!;
    expect(ding.query.get('access_token')).toBe('tok');
    // DingTalk: HMAC-SHA256 keyed with the secret over "timestamp\nsecret", base64, as query params.
    expect(ding.query.get('sign')).toBe(createHmac('sha256', 'SECding').update(`${ts}\nSECding`).digest('base64'));
    expect(Math.abs(Number(ts) - Date.now())).toBeLessThan(60_000);

    const wecom = rx.at('/wecom')[0]!;
    expect(wecom.query.get('key')).toBe('k1');
    expect((wecom.body as { markdown: { content: string } }).markdown.content).toContain(md);

    const mail = sink.messages[0]!.parsed;
    expect(mail.text).toContain(hostileName);
    expect(mail.html || '').toContain(`&lt;i&gt;*${tag}*&lt;/i&gt;`);
    expect(mail.html || '').not.toContain(hostileName);

    // Each log entry is written after its receiver answered: wait for all seven.
    await expect.poll(async () => (await reader.notifications({ from: 0, to: Date.now() })).length, { timeout: 5_000, interval: 100 }).toBe(7);
    const log = await reader.notifications({ from: 0, to: Date.now(), host: 'edge-1' });
    expect(
      log
        .filter((e) => e.outcome === 'sent')
        .map((e) => e.channel)
        .sort(),
    ).toEqual(['dingtalk', 'feishu', 'hook', 'mail', 'slack', 'wecom']);
    expect(log.find((e) => e.channel === 'broken')).toMatchObject({
      outcome: 'failed',
      attempts: 3,
      kind: 'firing',
      alerts: ['rogue-process/edge-1/check=rogue'],
    });
    expect(log.find((e) => e.channel === 'broken')?.error).toContain('HTTP 500');
  });
});

function readComm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}
