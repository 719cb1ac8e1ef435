import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../../src/alert/evaluate.js';
import { runHostChecks } from '../../../src/checks/run-host-checks.js';
import { sleep, startStack, type Stack } from './helpers/stack.js';
import { startReceiver, type Receiver } from '../../utils/webhook-receiver.js';

// Crashes at the two awkward moments: after the evaluation committed but before it queued the
// sends, and between a send's failed attempt and its retry (the worker restarts). Each case ends
// with exactly one delivery.
describe('notifications survive crashes without repeating', () => {
  let stack: Stack;
  let rx: Receiver;

  beforeAll(async () => {
    // The receiver refuses the first two attempts, so the send has to be retried.
    rx = await startReceiver({ reply: (_r, n) => (n <= 2 ? { status: 503, body: 'busy' } : undefined) });
    stack = await startStack({
      host: 'db-9',
      // Port 1 refuses connections: the check fails at once.
      checks: [{ name: 'pg', kind: 'tcp', host: '127.0.0.1', port: 1, interval: '1s' }],
      alerts: {
        groupWait: 0,
        rules: [{ name: 'pg-down', type: 'check', check: 'pg' }],
        channels: { hook: { type: 'webhook', url: `${rx.url}/hook`, retries: 4, backoff: '300ms' } },
      },
    });
    await runHostChecks({ deps: stack.deps });
  });

  afterAll(async () => {
    await stack?.close();
    await rx?.close();
  });

  it('keeps the decision when the queue is unreachable, and sends it once later', async () => {
    const alertStore = stack.deps.alertStore;
    const crashing = { ...stack.deps, enqueue: () => Promise.reject(new Error('worker died before queueing')) };
    await expect(evaluateAlerts({ deps: crashing })).rejects.toThrow('worker died before queueing');
    const pending = await alertStore.outbox();
    expect(pending.map((p) => p.channel)).toEqual(['hook']);

    // Evaluation runs again after the "restart": no new notification, the pending one is queued.
    const again = await evaluateAlerts({ deps: stack.deps });
    expect(again).toMatchObject({ fired: 0, notifications: [], enqueued: 1 });
    expect(await alertStore.outbox()).toEqual([]);

    // The send fails (503), the worker is restarted between attempts, the retry succeeds.
    await stack.start('deliver');
    await expect.poll(() => rx.attempts('/hook'), { timeout: 5_000, interval: 50 }).toBeGreaterThanOrEqual(1);
    await stack.stop('deliver');
    await stack.start('deliver');
    await expect.poll(() => rx.at('/hook').length, { timeout: 10_000, interval: 100 }).toBe(1);

    // More evaluations, and a second send job for the same notification (as after an outbox
    // re-flush whose first job had been cleaned up): still one delivery.
    for (let i = 0; i < 3; i++) expect((await evaluateAlerts({ deps: stack.deps })).notifications).toEqual([]);
    const id = pending[0]!.notificationId;
    await stack.deps.enqueue('send-notification', { notificationId: id, channel: 'hook' }, { jobId: `notify-${id}-hook-again` });
    await sleep(1_000);
    expect(rx.at('/hook')).toHaveLength(1);
    const job = await stack.queues.get('deliver').getJob(`notify-${id}-hook-again`);
    expect(job?.returnvalue).toEqual({ skipped: 'already-sent' });

    const log = await stack.deps.alertReader.notifications({ from: 0, to: Date.now() });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ id: `${id}/hook`, outcome: 'sent', attempts: 3 });
  });
});
