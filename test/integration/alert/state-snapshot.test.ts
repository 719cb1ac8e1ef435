import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertKeys } from '../../../src/alert/alert-store.js';
import { evaluateAlerts } from '../../../src/alert/evaluate.js';
import { createAlertSnapshots, type AlertSnapshot } from '../../../src/alert/state-snapshot.js';
import { cleanupPrefix } from '../../utils/redis.js';
import { plantHost } from '../../utils/plant-host.js';
import { announcements, type HookBody } from '../../utils/announcements.js';
import { startStack, type Stack } from './helpers/stack.js';
import { startReceiver, type Receiver } from '../../utils/webhook-receiver.js';

// The local snapshot's rules, with evaluations driven directly. "Redis lost its data" is played by
// deleting every key of this test's prefix (what a restart without persistence leaves behind).
describe('the local snapshot of alert state', () => {
  let stack: Stack;
  let hook: Receiver;
  const enqueued: string[] = [];

  beforeAll(async () => {
    hook = await startReceiver();
    stack = await startStack({
      host: 'snap-1',
      alerts: {
        groupWait: 0,
        rules: [{ name: 'mem-high', type: 'metric', metric: 'mem.used_pct', threshold: 90, resolve: 80, staleAfter: '10m' }],
        channels: { hook: { type: 'webhook', url: `${hook.url}/hook`, backoff: '100ms' } },
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await hook?.close();
  });

  const deps = () => ({
    ...stack.deps,
    enqueue: async (_n: string, p: { notificationId: string; channel: string }) => (enqueued.push(`${p.notificationId}/${p.channel}`), 'job'),
  });
  const snapshots = () => createAlertSnapshots({ redis: stack.redis, prefix: stack.prefix, dataDir: stack.deps.config.paths.data, log: stack.deps.log });
  const file = () => JSON.parse(readFileSync(snapshots().file, 'utf8')) as AlertSnapshot;

  it('restores records, groups, silences and unsent notifications when Redis comes back empty', async () => {
    const t = Date.now();
    await plantHost(stack.deps, { host: 'snap-1', count: 1, stepMs: 1_000, end: t, mem: () => 95 });
    await plantHost(stack.deps, { host: 'snap-2', count: 1, stepMs: 1_000, end: t, mem: () => 50 });
    const silence = await stack.deps.silences.add(
      { matchers: [{ name: 'host', op: '=', value: 'snap-3' }], from: t, to: t + 3_600_000, comment: 'rack move', createdBy: 'ops' },
      t,
    );
    const first = await evaluateAlerts({ deps: deps(), now: t });
    expect(first).toMatchObject({ fired: 1, notifications: [expect.any(String)] });
    const saved = file();
    expect(Object.values(saved.records).map((r) => [r.instance.key, r.instance.status])).toEqual([['mem-high/snap-1', 'firing']]);
    expect(Object.keys(saved.groups['snap-1']!.notified)).toEqual(['mem-high/snap-1']);
    expect(saved.silences.map((s) => s.id)).toEqual([silence.id]);
    // Not sent yet (no deliver worker): it is in the snapshot, to be queued again after a loss.
    expect(saved.unsent.map((u) => [u.notification.id, u.channels])).toEqual([[first.notifications[0], ['hook']]]);

    await cleanupPrefix(stack.prefix);
    // While the marker is missing, a worker's timer must not overwrite the copy with nothing.
    expect(await snapshots().mirror({ now: t + 500 })).toBe('no-epoch');
    expect(file().records).toEqual(saved.records);

    enqueued.length = 0;
    const after = await evaluateAlerts({ deps: deps(), now: t + 1_000 });
    // Still firing, not fired again; the unsent FIRING is queued again under the same id.
    expect(after).toMatchObject({ fired: 0, notifications: [] });
    expect(enqueued).toEqual([`${first.notifications[0]}/hook`]);
    const reader = stack.deps.alertReader;
    expect((await reader.active()).map((a) => [a.key, a.status, a.since])).toEqual([['mem-high/snap-1', 'firing', t]]);
    expect((await reader.silences()).map((s) => s.createdBy)).toEqual(['ops']);

    // The later resolve is announced, once.
    await plantHost(stack.deps, { host: 'snap-1', count: 1, stepMs: 1_000, end: t + 2_000, mem: () => 10 });
    const resolved = await evaluateAlerts({ deps: deps(), now: t + 2_000 });
    expect(resolved).toMatchObject({ resolved: 1, notifications: [expect.any(String)] });
    const n = await stack.deps.alertStore.notification(resolved.notifications[0]!);
    expect(n).toMatchObject({ kind: 'resolved', resolved: [{ key: 'mem-high/snap-1' }], seq: 2 });
  });

  it('sets the marker without restoring when Redis still holds state (an upgrade), and drops sent notifications from the copy', async () => {
    const k = alertKeys(stack.prefix);
    await stack.redis.del(k.epoch);
    const before = await stack.redis.hgetall(k.groups);
    expect(await snapshots().restoreIfLost()).toBeNull();
    expect(await stack.redis.exists(k.epoch)).toBe(1);
    expect(await stack.redis.hgetall(k.groups)).toEqual(before);

    // The deliver worker sends what is queued; the next mirror forgets what every channel sent.
    await stack.start('deliver');
    // The evaluations above ran with a stand-in queue: send for real what they queued.
    for (const id of await stack.redis.zrange(k.recent, 0, -1)) await stack.deps.enqueue('send-notification', { notificationId: id, channel: 'hook' });
    await expect.poll(() => hook.at('/hook').length, { timeout: 10_000, interval: 100 }).toBe(2);
    await expect
      .poll(async () => (await snapshots().mirror({ now: Date.now(), prune: true }), file().unsent.length), { timeout: 10_000, interval: 200 })
      .toBe(0);
    expect(await stack.redis.zcard(k.recent)).toBe(0);
    // Sent concurrently here (queued by hand, both at once), so compared as a set.
    expect([...announcements(hook.at('/hook').map((r) => r.body as HookBody)).values()].flat().sort()).toEqual(['firing', 'resolved']);
  });
});
