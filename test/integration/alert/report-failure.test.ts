import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyReportFailure } from '../../../src/alert/report-failure.js';
import { startSmtpSink, type SmtpSink } from '../../utils/smtp-sink.js';
import { sleep, startStack, type Stack } from './helpers/stack.js';
import { startReceiver, type Receiver } from '../../utils/webhook-receiver.js';

describe('a report that could not be delivered', () => {
  let stack: Stack;
  let sink: SmtpSink;
  let rx: Receiver;

  beforeAll(async () => {
    [sink, rx] = await Promise.all([startSmtpSink(), startReceiver()]);
    stack = await startStack({
      smtpUrl: sink.url,
      alerts: {
        channels: {
          mail: { type: 'email', to: ['ops@example.test'], backoff: '100ms' },
          chat: { type: 'dingtalk', url: `${rx.url}/ding?access_token=t`, backoff: '100ms', minSeverity: 'critical' },
        },
        reportFailures: { channels: ['chat'] },
      },
      roles: ['deliver'],
    });
  });

  afterAll(async () => {
    await stack?.close();
    await Promise.all([sink?.close(), rx?.close()]);
  });

  it('alerts its channels once, however often the failure is reported', async () => {
    const first = await notifyReportFailure({ deps: stack.deps, reportId: 'daily-2025-06-01', error: 'SMTP 552: message too large' });
    const again = await notifyReportFailure({ deps: stack.deps, reportId: 'daily-2025-06-01', error: 'SMTP 552: message too large' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ notificationId: first.notificationId, created: false });
    await expect.poll(() => rx.at('/ding').length, { timeout: 5_000, interval: 100 }).toBe(1);
    await sleep(500);
    expect(rx.at('/ding')).toHaveLength(1);
    // Routed by reportFailures.channels: the mail channel is not told.
    expect(sink.messages).toHaveLength(0);
    const md = (rx.at('/ding')[0]!.body as { markdown: { title: string; text: string } }).markdown;
    expect(md.title).toBe('[REPORT FAILED] daily-2025-06-01');
    expect(md.text).toContain('SMTP 552: message too large');
    const log = await stack.deps.alertReader.notifications({ from: 0, to: Date.now() });
    expect(log).toMatchObject([{ kind: 'report-failed', channel: 'chat', outcome: 'sent', host: 'reports' }]);
  });
});
