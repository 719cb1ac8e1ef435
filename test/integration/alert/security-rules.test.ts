import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../../src/alert/evaluate.js';
import { plantHost } from '../../utils/plant-host.js';
import { startSmtpSink, type SmtpSink } from '../../utils/smtp-sink.js';
import { announcements, brokenSequences, type HookBody } from '../../utils/announcements.js';
import { startStack, type Stack } from './helpers/stack.js';
import { startReceiver, type Receiver } from '../../utils/webhook-receiver.js';

const HOST = 'bastion-1';
const IMG = '<img src=x onerror=alert(1)>';
const MIN = 60_000;

// Security rules through the real pipeline: the stored security data, the evaluation (called with
// its clock, so a window can pass without waiting for it), the outbox, the send worker and real
// receivers for every channel kind. Every label and message holds attacker text.
describe('security alert rules', () => {
  let stack: Stack;
  let sink: SmtpSink;
  let rx: Receiver;
  const t0 = Date.now();
  const minute = Math.floor(t0 / MIN) * MIN;

  beforeAll(async () => {
    [sink, rx] = await Promise.all([startSmtpSink(), startReceiver()]);
    const quick = { backoff: '100ms', timeout: '2s' };
    stack = await startStack({
      host: HOST,
      smtpUrl: sink.url,
      alerts: {
        groupWait: 0,
        repeatInterval: '1h',
        rules: [
          { name: 'ssh-brute', type: 'brute-force', threshold: 5, within: '5m', ignoreSources: ['10.0.0.1'], severity: 'critical' },
          { name: 'new-source', type: 'new-login-source', within: '10m' },
          { name: 'new-port', type: 'new-exposed-port', within: '10m' },
          { name: 'sudoers', type: 'file-changed', within: '10m', paths: ['/etc/sudoers'], for: '1m' },
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
      roles: [],
    });
    await plantHost(stack.deps, { host: HOST, count: 1, stepMs: 1_000, mem: () => 5 });
    const repo = stack.deps.security;
    const empty = { failures: [], users: [], accepted: [], sudo: [], accounts: [] };
    await repo.write({
      host: HOST,
      batchId: 'b1',
      at: t0,
      auth: {
        sources: ['auth'],
        delta: {
          ...empty,
          // 6 from the attacker in two minutes; 4 from a source below the threshold; 9 from an ignored one.
          minutes: [
            [minute - MIN, '203.0.113.9', 2],
            [minute, '203.0.113.9', 4],
            [minute, '198.51.100.4', 4],
            [minute, '10.0.0.1', 9],
          ],
          accepted: [{ user: IMG, source: '192.0.2.77', method: 'password', time: t0 }],
        },
      },
      ports: {
        time: t0,
        snapshot: null,
        changes: [
          {
            change: 'new',
            proto: 'tcp',
            family: 4,
            address: '0.0.0.0',
            port: 4444,
            exposed: true,
            allowed: false,
            before: null,
            after: { pid: 4242, name: '*nc*', exe: null },
          },
          { change: 'new', proto: 'tcp', family: 4, address: '127.0.0.1', port: 5555, exposed: false, allowed: false, before: null, after: null },
        ],
      },
      files: {
        time: t0,
        snapshot: null,
        changes: [
          { path: '/etc/sudoers', change: 'modified', fields: ['content'], changedAt: t0 - 1000, detectedAt: t0 },
          { path: '/etc/motd', change: 'modified', fields: ['content'], changedAt: t0 - 1000, detectedAt: t0 },
        ],
      },
    });
    await stack.start('deliver');
  });

  afterAll(async () => {
    await stack?.close();
    await Promise.all([sink?.close(), rx?.close()]);
  });

  const bodies = () => rx.at('/hook').map((r) => r.body as HookBody & { title: string; firing: { message: string; labels: Record<string, string> }[] });
  const told = () => Object.fromEntries(announcements(bodies()));

  it('fires per source, login, port and file, escaped for every channel; honours for and silences; resolves with a RESOLVED message', async () => {
    await evaluateAlerts({ deps: stack.deps, now: t0 + 1_000 });
    const fired = {
      'ssh-brute/bastion-1/source=203.0.113.9': ['firing'],
      [`new-source/bastion-1/source=192.0.2.77,user=${IMG}`]: ['firing'],
      'new-port/bastion-1/address=0.0.0.0,port=4444,proto=tcp': ['firing'],
    };
    await expect.poll(told, { timeout: 10_000, interval: 100 }).toEqual(fired);
    // Grouped per host: the three went out as one message.
    expect(bodies()[0]!.firing).toHaveLength(3);
    const all = bodies().flatMap((b) => b.firing);
    expect(all.find((a) => a.labels.source === '203.0.113.9')?.message).toBe('6 failed logins from 203.0.113.9 within 5m (threshold 5)');
    expect(all.find((a) => a.labels.user === IMG)?.message).toContain(`${IMG} logged in from 192.0.2.77, never seen before for this user (password`);

    // Every markup channel got the attacker's name as text.
    await expect.poll(() => ['/slack', '/feishu', '/dingtalk', '/wecom'].every((p) => rx.at(p).length >= 1), { timeout: 10_000, interval: 100 }).toBe(true);
    const texts = {
      slack: JSON.stringify(rx.at('/slack').map((r) => r.body)),
      feishu: JSON.stringify(rx.at('/feishu').map((r) => r.body)),
      dingtalk: JSON.stringify(rx.at('/dingtalk').map((r) => r.body)),
      wecom: JSON.stringify(rx.at('/wecom').map((r) => r.body)),
    };
    for (const [channel, text] of Object.entries(texts)) {
      expect(text, channel).not.toContain('<img');
      expect(text, channel).toContain('&lt;img src=x onerror=alert');
    }
    expect(texts.slack).toContain('*nc*');
    expect(texts.dingtalk).toContain('\\\\*nc\\\\*');
    await expect.poll(() => sink.messages.length, { timeout: 10_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    const mailHtml = sink.messages.map((m) => m.parsed.html || '').join('\n');
    expect(mailHtml).not.toContain('<img src=x');
    expect(mailHtml).toContain('&lt;img src');

    // `for: 1m`: the sudoers change fires a minute after it was first seen, not before.
    await evaluateAlerts({ deps: stack.deps, now: t0 + 30_000 });
    expect(told()['sudoers/bastion-1/path=/etc/sudoers']).toBeUndefined();
    // A silence on the sudoers rule: it fires, unannounced.
    await stack.deps.silences.add(
      {
        matchers: [{ name: 'rule', op: '=', value: 'sudoers' }],
        from: t0,
        to: t0 + 3 * MIN,
        comment: 'planned sudoers edit',
        createdBy: 'test',
      },
      t0,
    );
    await evaluateAlerts({ deps: stack.deps, now: t0 + 61_000 });
    const history = await stack.deps.alertReader.active();
    expect(history.find((a) => a.rule === 'sudoers')).toMatchObject({ status: 'firing', labels: { path: '/etc/sudoers' } });
    await new Promise((r) => setTimeout(r, 500));
    expect(told()['sudoers/bastion-1/path=/etc/sudoers']).toBeUndefined();

    // Past every window: each resolves, and says so.
    await evaluateAlerts({ deps: stack.deps, now: t0 + 12 * MIN });
    await expect.poll(told, { timeout: 10_000, interval: 100 }).toEqual(Object.fromEntries(Object.entries(fired).map(([k]) => [k, ['firing', 'resolved']])));
    expect(brokenSequences(bodies())).toEqual([]);
    const resolved = bodies().filter((b) => b.kind === 'resolved');
    expect(resolved.map((b) => b.title).join('\n')).toContain('[RESOLVED] bastion-1');
    const brute = resolved.flatMap((b) => b.resolved).find((a) => a.key === 'ssh-brute/bastion-1/source=203.0.113.9') as unknown as { message: string };
    expect(brute.message).toBe('no failed logins from 203.0.113.9 within 5m');
    await expect.poll(() => rx.at('/slack').some((r) => JSON.stringify(r.body).includes('RESOLVED')), { timeout: 10_000, interval: 100 }).toBe(true);
    expect((await stack.deps.alertReader.active()).filter((a) => a.host === HOST && a.status === 'firing')).toEqual([]);
  });
});
