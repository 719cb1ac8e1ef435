import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckStateReader } from '../../../src/checks/state-reader.js';
import { startSmtpSink, type SmtpSink } from '../../utils/smtp-sink.js';
import { sleep, startStack, type Stack } from './helpers/stack.js';
import { startTarget } from '../../utils/target-server.js';
import { startReceiver, type Receiver } from '../../utils/webhook-receiver.js';

type Hook = { kind: string; host: string; firing: Array<{ rule: string; message: string }>; resolved: Array<{ rule: string }> };

// The whole path with real parts: HTTP check job → Redis state → evaluation job → one send job per
// channel → SMTP sink and a real webhook receiver.
describe('an HTTP check that goes down and comes back', () => {
  let stack: Stack;
  let sink: SmtpSink;
  let hook: Receiver;
  let target: Awaited<ReturnType<typeof startTarget>>;

  beforeAll(async () => {
    [sink, hook, target] = await Promise.all([startSmtpSink(), startReceiver(), startTarget()]);
    stack = await startStack({
      host: 'web-1',
      smtpUrl: sink.url,
      checks: [{ name: 'web', kind: 'http', url: target.url, interval: '200ms', timeout: '1s', json: { path: '$.status', equals: 'up' } }],
      alerts: {
        evaluateEvery: '200ms',
        groupWait: 0,
        repeatInterval: '1h',
        rules: [{ name: 'web-down', type: 'check', check: 'web', severity: 'critical', for: '300ms' }],
        channels: { mail: { type: 'email', to: ['ops@example.test'], backoff: '100ms' }, hook: { type: 'webhook', url: `${hook.url}/hook`, backoff: '100ms' } },
      },
      roles: ['checks', 'alerts', 'deliver'],
    });
  });

  afterAll(async () => {
    await stack?.close();
    await Promise.all([sink?.close(), hook?.close(), target?.down()]);
  });

  it('sends ONE firing alert by email and webhook, then ONE resolved', async () => {
    const checks = createCheckStateReader({ store: stack.deps.checkStore });
    await expect.poll(async () => (await checks.latest('web-1'))[0]?.status, { timeout: 5_000, interval: 100 }).toBe('ok');
    await sleep(500);
    expect(sink.messages).toHaveLength(0);

    await target.down();
    await sink.waitFor(1, 10_000);
    await expect.poll(() => hook.at('/hook').length, { timeout: 10_000, interval: 100 }).toBe(1);
    // Still down for a while: no second message (de-duplicated; repeat interval is an hour).
    await sleep(1_500);
    expect(sink.messages).toHaveLength(1);
    expect(hook.at('/hook')).toHaveLength(1);
    const firingMail = sink.messages[0]!.parsed;
    expect(firingMail.subject).toBe('[FIRING] web-1: web-down (critical)');
    expect(firingMail.text).toContain('connection refused');
    expect(sink.messages[0]!.envelopeTo).toEqual(['ops@example.test']);
    const firing = hook.at('/hook')[0]!.body as Hook;
    expect(firing).toMatchObject({ kind: 'firing', host: 'web-1', firing: [{ rule: 'web-down' }] });

    await target.up();
    await sink.waitFor(2, 10_000);
    await expect.poll(() => hook.at('/hook').length, { timeout: 10_000, interval: 100 }).toBe(2);
    await sleep(1_000);
    expect(sink.messages).toHaveLength(2);
    expect(hook.at('/hook')).toHaveLength(2);
    expect(sink.messages[1]!.parsed.subject).toBe('[RESOLVED] web-1: web-down');
    expect(hook.at('/hook')[1]!.body).toMatchObject({ kind: 'resolved', resolved: [{ rule: 'web-down' }] });

    const reader = stack.deps.alertReader;
    const logged = async () => (await reader.notifications({ from: 0, to: Date.now() })).map((e) => `${e.kind}:${e.channel}:${e.outcome}`).sort();
    await expect.poll(logged, { timeout: 5_000, interval: 100 }).toEqual(['firing:hook:sent', 'firing:mail:sent', 'resolved:hook:sent', 'resolved:mail:sent']);
    expect(await reader.active()).toEqual([]);
    const history = await reader.history({ from: 0, to: Date.now(), host: 'web-1' });
    expect(history.map((a) => [a.rule, a.status])).toEqual([['web-down', 'resolved']]);
    const transitions = await checks.transitions({ host: 'web-1', check: 'web', from: 0, to: Date.now() });
    expect(transitions.map((t) => t.to)).toEqual(['ok', 'fail', 'ok']);
  });
});
