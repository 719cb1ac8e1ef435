import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushOutbox } from '../../../src/alert/evaluate.js';
import type { Notification } from '../../../src/alert/notification.js';
import { startStack, type Stack } from './helpers/stack.js';

// A notification waiting in the outbox for a channel that was removed from the config meanwhile.
describe('a channel removed while its notification waits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ host: 'h-1', alerts: { channels: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/x' } } } });
  });
  afterAll(async () => stack?.close());

  it('drops it and records the failure in the notification log, not only in a log line', async () => {
    const now = Date.now();
    const alertStore = stack.deps.alertStore;
    const a = {
      key: 'r/h-1',
      rule: 'r',
      host: 'h-1',
      labels: {},
      severity: 'critical' as const,
      status: 'resolved' as const,
      since: now - 60_000,
      firedAt: now - 60_000,
      resolvedAt: now,
      value: 1,
      message: 'ok again',
    };
    const n: Notification = {
      id: 'n-removed',
      host: 'h-1',
      seq: 2,
      t: now,
      kind: 'resolved',
      firing: [],
      resolved: [a],
      active: [],
      routes: { pager: ['r/h-1'] },
    };
    await alertStore.commit({ upsert: [], remove: [], resolved: [], groups: [], notifications: [n], log: [] }, now);
    const enqueued: string[] = [];
    expect(await flushOutbox({ deps: { ...stack.deps, enqueue: async (_name, p) => (enqueued.push(p.channel), 'job') }, alertStore })).toBe(0);
    expect(enqueued).toEqual([]);
    expect(await alertStore.outbox()).toEqual([]);
    const log = await stack.deps.alertReader.notifications({ from: now - 1_000, to: Date.now() + 1_000 });
    expect(log).toMatchObject([
      { id: 'n-removed/pager', channel: 'pager', kind: 'resolved', host: 'h-1', alerts: ['r/h-1'], outcome: 'failed', error: 'channel no longer configured' },
    ]);
  });
});
