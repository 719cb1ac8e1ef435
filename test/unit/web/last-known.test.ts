import { describe, expect, it } from 'vitest';
import { createLastKnown } from '../../../src/web/outage/last-known.js';

const up = { downSince: () => null, close: () => undefined };
const slow =
  <T>(value: T, ms: number) =>
  () =>
    new Promise<T>((r) => setTimeout(() => r(value), ms));

describe('the console last-known cache', () => {
  it('a page slow for its own work while Redis answers PING is fresh, not "Redis unreachable"', async () => {
    const live = createLastKnown({ watch: up, probe: async () => true, timeoutMs: 50 });
    await live.read('host', async () => 'first');
    const known = await live.read('host', slow('second', 300));
    expect(known).toMatchObject({ value: 'second', stale: false });
    expect(live.unreachableSince()).toBeNull();
  });

  it('a read that hangs while Redis does not answer PING serves the last value, marked stale', async () => {
    const live = createLastKnown({ watch: up, probe: async () => false, timeoutMs: 50 });
    await live.read('fleet', async () => 'before');
    const known = await live.read('fleet', () => new Promise<string>(() => undefined));
    expect(known).toMatchObject({ value: 'before', stale: true });
    expect(live.unreachableSince()).not.toBeNull();
    await expect(live.read('never-read', () => new Promise<string>(() => undefined))).rejects.toMatchObject({ status: 503, code: 'redis_unavailable' });
  });

  it('with the connection down, answers from the cache without calling Redis at all', async () => {
    let since: number | null = null;
    const live = createLastKnown({ watch: { downSince: () => since, close: () => undefined }, probe: async () => false });
    await live.read('fleet', async () => 'before');
    since = Date.now();
    let called = false;
    const known = await live.read('fleet', async () => ((called = true), 'after'));
    expect(known).toMatchObject({ value: 'before', stale: true, unreachableSince: since });
    expect(called).toBe(false);
  });
});
