import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownLogText } from '../../../src/deliver/webhooks/escape.js';
import { logLine } from '../../../src/logs/display-text.js';
import { templateId } from '../../../src/logs/mining/template-id.js';
import { HOSTILE_EXAMPLE, HOSTILE_TEMPLATE, logBatch } from '../../utils/log-batches.js';
import { startSmtpSink, type SmtpSink } from '../../utils/smtp-sink.js';
import { sleep, startStack, type Stack } from './helpers/stack.js';
import { startReceiver, type Receiver } from '../../utils/webhook-receiver.js';

const MIN = 60_000;
const HOST = 'logs-1';
type Generic = {
  kind: string;
  firing: Array<{ rule: string; log?: { templateId: string; template: string; example: string } }>;
  resolved: Array<{ rule: string }>;
};

// A hostile error template logged five times: the log rules (>= 3 matching lines a minute, per host
// and per template) and the new-template rule fire, every channel hears of both with the template shown as text, and once the
// lines age out of the window (and the template is quiet for a minute) both resolve and every
// channel gets the RESOLVED message.
describe('log and new-template alert rules', () => {
  let stack: Stack;
  let sink: SmtpSink;
  let rx: Receiver;

  beforeAll(async () => {
    [sink, rx] = await Promise.all([startSmtpSink(), startReceiver()]);
    const quick = { backoff: '100ms', timeout: '2s' };
    stack = await startStack({
      host: HOST,
      smtpUrl: sink.url,
      alerts: {
        evaluateEvery: '200ms',
        groupWait: 0,
        rules: [
          { name: 'login-failures', type: 'log', match: '^Failed login for', minSeverity: 'warning', window: '1m', threshold: 3, severity: 'critical' },
          { name: 'new-errors', type: 'new-template', minSeverity: 'err', lookback: '1m', quiet: '1m', baseline: 0 },
          // A quiet template counts zero and resolves; were it "no data", it would keep firing 10 minutes.
          { name: 'per-template', type: 'log', match: '^Failed login for', by: 'template', window: '1m', threshold: 3, keepFiringFor: '10m' },
        ],
        channels: {
          mail: { type: 'email', to: ['ops@example.test'], ...quick },
          hook: { type: 'webhook', url: `${rx.url}/hook`, ...quick },
          slack: { type: 'slack', url: `${rx.url}/slack`, ...quick },
          feishu: { type: 'feishu', url: `${rx.url}/feishu`, ...quick },
          dingtalk: { type: 'dingtalk', url: `${rx.url}/dingtalk?access_token=tok`, ...quick },
          wecom: { type: 'wecom', url: `${rx.url}/wecom?key=k1`, ...quick },
        },
      },
    });
    await stack.deps.hosts.upsertInfo(HOST, { hostname: HOST, os: 'Linux', kernel: '6.1', cpuModel: 'test', cores: 2, uptimeSec: 1 }, []);
  });

  afterAll(async () => {
    await stack?.close();
    await Promise.all([sink?.close(), rx?.close()]);
  });

  it('fires both rules with the template escaped per channel, then sends RESOLVED to every channel', async () => {
    await stack.start('alerts');
    await stack.start('deliver');
    // The lines go in the oldest minute of the one-minute windows, so they leave them at the next
    // minute boundary (the test takes up to a minute); too close to it, and an evaluation (every
    // 200 ms) might not see them at all.
    if (Date.now() % MIN > 57_000) await sleep(MIN - (Date.now() % MIN) + 100);
    const now = Date.now();
    const oldest = Math.floor((now - MIN) / MIN) * MIN;
    const since = now - 2 * 3_600_000;
    await stack.deps.logs.write(
      logBatch({
        host: HOST,
        since,
        lastRead: now,
        lines: [
          { template: HOSTILE_TEMPLATE, severity: 'err', minute: oldest, count: 5, example: HOSTILE_EXAMPLE },
          // Counted by neither rule: info, and not "Failed login".
          { template: 'session opened for user <*>', severity: 'info', minute: oldest, count: 40, example: 'session opened for user root' },
        ],
      }),
    );

    const paths = ['/hook', '/slack', '/feishu', '/dingtalk', '/wecom'];
    const resolvedRules = () =>
      new Set(
        rx
          .at('/hook')
          .map((r) => r.body as Generic)
          .flatMap((b) => b.resolved.map((a) => a.rule)),
      );
    // Both resolve within a minute and a bit: the lines leave the windows at the next boundary.
    await expect.poll(() => [...resolvedRules()].sort(), { timeout: 80_000, interval: 250 }).toEqual(['login-failures', 'new-errors', 'per-template']);
    await expect
      .poll(
        () =>
          paths.every((p) => rx.at(p).some((r) => JSON.stringify(r.body).includes('RESOLVED'))) &&
          sink.messages.some((m) => (m.parsed.subject ?? '').includes('RESOLVED')),
        {
          timeout: 10_000,
          interval: 100,
        },
      )
      .toBe(true);

    const generic = rx.at('/hook').map((r) => r.body as Generic);
    const firing = generic.flatMap((b) => b.firing);
    expect(firing.map((a) => a.rule).sort()).toEqual(['login-failures', 'new-errors', 'per-template']);
    // Fired once each: the new template is not new a second time.
    expect(generic.filter((b) => b.kind === 'firing').flatMap((b) => b.firing.map((a) => a.rule))).toHaveLength(3);
    for (const a of firing)
      expect(a.log).toEqual({ templateId: templateId(HOSTILE_TEMPLATE), template: logLine(HOSTILE_TEMPLATE), example: logLine(HOSTILE_EXAMPLE) });

    for (const r of rx.at('/slack')) {
      const text = (r.body as { text: string }).text;
      expect(text).toContain('`Failed login for &lt;*&gt; &lt;img src=x onerror=alert(1)&gt; *bold* _x_ [link](http://evil) &lt;@U123&gt; ˋrm -rf /ˋ`');
      expect(text).toContain(
        '`Failed login for mallory &lt;img src=x onerror=alert(1)&gt; *bold* _x_ [link](http://evil) &lt;@U123&gt; ˋrm -rf /ˋ ⏎ RESOLVED: all fine`',
      );
      expect(text).not.toMatch(/<img|<@U123>|\nRESOLVED: all fine/);
    }
    const markdown = [
      ...rx.at('/feishu').map((r) => (r.body as { card: { elements: Array<{ text: { content: string } }> } }).card.elements[0]!.text.content),
      ...rx.at('/dingtalk').map((r) => (r.body as { markdown: { text: string } }).markdown.text),
      ...rx.at('/wecom').map((r) => (r.body as { markdown: { content: string } }).markdown.content),
    ];
    expect(markdown.length).toBeGreaterThanOrEqual(6);
    for (const text of markdown) {
      expect(text).toContain(markdownLogText(HOSTILE_TEMPLATE));
      expect(text).toContain(
        'Failed login for mallory ‹img src=x onerror=alert（1）› ∗bold∗ ＿x＿ ［link］（http://evil） ‹＠U123› ˋrm -rf /ˋ ⏎ RESOLVED: all fine',
      );
      expect(text).not.toMatch(/<img|\*bold\*|_x_|\[link\]\(|<@U123>|`rm|\nRESOLVED: all fine/);
    }
    for (const m of sink.messages) {
      const html = m.parsed.html || '';
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).not.toMatch(/<img|<@U123>/);
      // Plain text is inert as it stands; the line break is shown, so no forged line appears.
      expect(m.parsed.text).toContain(`template: ${logLine(HOSTILE_TEMPLATE)}`);
      expect(m.parsed.text).not.toContain('\nRESOLVED: all fine');
    }
  }, 120_000);
});
