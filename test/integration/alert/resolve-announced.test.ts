import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckStateReader } from '../../../src/checks/state-reader.js';
import { startSmtpSink, type SmtpSink } from '../../utils/smtp-sink.js';
import { plantHost } from '../../utils/plant-host.js';
import { announcements, brokenSequences, type HookBody } from '../../utils/announcements.js';
import { sleep, startStack, type Stack } from './helpers/stack.js';
import { startTcpPort } from '../../utils/tcp-port.js';
import { startReceiver, type Receiver } from '../../utils/webhook-receiver.js';

const HOST = 'db-1';
const PORT_KEY = `closed-port/${HOST}/check=port`;
const MEM_KEY = `mem-high/${HOST}`;

// The report of issue #11: with groupWait above the evaluation interval, a resolution that landed
// while the host's group was held was deleted by the next evaluation and never announced. Real
// parts: a TCP port the check probes, the host's snapshot as the agent records it, the evaluation
// and send workers, an SMTP sink and a webhook receiver.
describe('resolutions that land inside a held group', () => {
  let stack: Stack;
  let sink: SmtpSink;
  let hook: Receiver;
  let port: Awaited<ReturnType<typeof startTcpPort>>;

  const mem = (usedPct: number) => plantHost(stack.deps, { host: HOST, count: 1, stepMs: 1_000, mem: () => usedPct });
  const bodies = () => hook.at('/hook').map((r) => r.body as HookBody);
  const told = (key: string) => announcements(bodies()).get(key) ?? [];

  beforeAll(async () => {
    [sink, hook, port] = await Promise.all([startSmtpSink(), startReceiver(), startTcpPort()]);
    stack = await startStack({
      host: HOST,
      smtpUrl: sink.url,
      checks: [{ name: 'port', kind: 'tcp', host: '127.0.0.1', port: port.port, interval: '200ms', timeout: '500ms' }],
      alerts: {
        evaluateEvery: '200ms',
        // Five evaluations per wait: every change is held across several of them.
        groupWait: '1s',
        repeatInterval: '1h',
        rules: [
          { name: 'closed-port', type: 'check', check: 'port', severity: 'critical' },
          { name: 'mem-high', type: 'metric', metric: 'mem.used_pct', op: '>', threshold: 12, resolve: 7, keepFiringFor: '1m' },
        ],
        channels: { mail: { type: 'email', to: ['ops@example.test'], backoff: '100ms' }, hook: { type: 'webhook', url: `${hook.url}/hook`, backoff: '100ms' } },
      },
    });
    await mem(5);
    await stack.start('checks');
    await stack.start('deliver');
  });

  afterAll(async () => {
    await stack?.close();
    await Promise.all([sink?.close(), hook?.close(), port?.close()]);
  });

  it('announces every resolution once, and never a second FIRING without a RESOLVED between', async () => {
    const checks = createCheckStateReader({ store: stack.deps.checkStore });
    await expect.poll(async () => (await checks.latest(HOST))[0]?.status, { timeout: 5_000, interval: 100 }).toBe('ok');
    await stack.start('alerts');
    await sleep(600);
    expect(bodies()).toEqual([]);

    // Both fire: the port closes, memory crosses 12%.
    await port.close();
    await mem(20);
    await expect.poll(() => [told(PORT_KEY), told(MEM_KEY)], { timeout: 10_000, interval: 100 }).toEqual([['firing'], ['firing']]);

    // The port resolves first; memory drops below the resolve level while that resolution is held.
    await port.open();
    await expect
      .poll(async () => (await stack.deps.alertReader.history({ from: 0, to: Date.now() })).some((a) => a.rule === 'closed-port' && a.status === 'resolved'), {
        timeout: 5_000,
        interval: 50,
      })
      .toBe(true);
    await sleep(300);
    await mem(10); // between the levels: still firing (hysteresis)
    await sleep(300);
    await mem(5);
    await expect
      .poll(() => [told(PORT_KEY), told(MEM_KEY)], { timeout: 10_000, interval: 100 })
      .toEqual([
        ['firing', 'resolved'],
        ['firing', 'resolved'],
      ]);

    // Memory fires again, then resolves and re-fires inside the wait, then resolves for good.
    await mem(20);
    await expect.poll(() => told(MEM_KEY), { timeout: 10_000, interval: 100 }).toEqual(['firing', 'resolved', 'firing']);
    await mem(5);
    await sleep(400);
    await mem(20);
    await sleep(2_000);
    await mem(5);
    await expect.poll(() => told(MEM_KEY), { timeout: 10_000, interval: 100 }).toEqual(['firing', 'resolved', 'firing', 'resolved']);
    await sleep(1_500);

    expect(brokenSequences(bodies())).toEqual([]);
    expect(told(PORT_KEY)).toEqual(['firing', 'resolved']);
    // Email got the same messages as the webhook, one for one.
    await expect.poll(() => sink.messages.length, { timeout: 5_000, interval: 100 }).toBe(bodies().length);
    const subjects = sink.messages.map((m) => m.parsed.subject ?? '');
    expect(subjects.filter((s) => s.startsWith('[RESOLVED]') || s.startsWith('[FIRING]'))).toHaveLength(subjects.length);
    expect(subjects.filter((s) => s.startsWith('[RESOLVED]')).length).toBeGreaterThanOrEqual(2);
    const mailText = sink.messages.map((m) => m.parsed.text ?? '').join('\n');
    expect(mailText.match(/RESOLVED \[critical\] closed-port/g)).toHaveLength(1);
    expect(mailText.match(/RESOLVED \[warning\] mem-high/g)).toHaveLength(2);

    const reader = stack.deps.alertReader;
    expect(await reader.active()).toEqual([]);
    const sent = (await reader.notifications({ from: 0, to: Date.now() })).filter((e) => e.outcome === 'sent');
    expect(sent.filter((e) => e.channel === 'hook')).toHaveLength(bodies().length);
  });
});
