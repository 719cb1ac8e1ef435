import { afterAll, describe, expect, it } from 'vitest';
import type { Point } from '../../../src/store/types.js';
import { testStore } from '../../utils/test-store.js';

const ts = testStore();
afterAll(() => ts.cleanup());

const T0 = Date.UTC(2025, 5, 1) - 3_600_000;
const snapshot = (i: number, extra: Partial<Point> = {}): Point[] => [
  { metric: 'cpu.total', t: T0 + i * 10_000, v: (i % 100) / 4, ...extra },
  { metric: 'disk.used', labels: { mount: '/' }, t: T0 + i * 10_000, v: 1e9 + i * 4096 },
  { metric: 'disk.used', labels: { mount: '/var' }, t: T0 + i * 10_000, v: 5e9 - i * 1024 },
];

describe('append and range (raw tier)', () => {
  it('returns every sample exactly across many closed chunks and the open chunk', async () => {
    const store = ts.make({ chunkSize: 7 });
    for (let i = 0; i < 100; i++) await store.append('web-1', snapshot(i));
    expect(await ts.keys('{h:web-1}:c:*')).toHaveLength(3);
    const [cpu] = await store.range({ host: 'web-1', metric: 'cpu.total', from: T0, to: T0 + 99 * 10_000, step: 10_000 });
    expect(cpu?.tier).toBe('raw');
    expect(cpu?.points).toHaveLength(100);
    cpu?.points.forEach((p, i) =>
      expect(p).toEqual({ t: T0 + i * 10_000, v: (i % 100) / 4, min: (i % 100) / 4, max: (i % 100) / 4, last: (i % 100) / 4, count: 1 }),
    );
  });

  it('matches labels exactly on the given keys and returns every matching series', async () => {
    const store = ts.make({ chunkSize: 7 });
    const all = await store.range({ host: 'web-1', metric: 'disk.used', from: T0, to: T0 + 99 * 10_000, step: 60_000 });
    expect(all.map((s) => s.id.labels)).toEqual([{ mount: '/' }, { mount: '/var' }]);
    const [v] = await store.range({ host: 'web-1', metric: 'disk.used', labels: { mount: '/var' }, from: T0, to: T0 + 99 * 10_000, step: 60_000 });
    expect(v?.points.reduce((a, p) => a + p.count, 0)).toBe(100);
    expect(v?.points[0]).toMatchObject({ min: 5e9 - 5 * 1024, max: 5e9, last: 5e9 - 5 * 1024, count: 6 });
    expect(await store.range({ host: 'web-1', metric: 'disk.used', labels: { mount: '/nope' }, from: T0, to: T0 + 1, step: 1000 })).toEqual([]);
  });

  it('lists series and hosts', async () => {
    const store = ts.make();
    expect(await store.listSeries('web-1', 'disk.used')).toEqual([
      { host: 'web-1', metric: 'disk.used', labels: { mount: '/' } },
      { host: 'web-1', metric: 'disk.used', labels: { mount: '/var' } },
    ]);
    expect((await store.listSeries('web-1')).map((s) => s.metric)).toEqual(['cpu.total', 'disk.used', 'disk.used']);
    expect(await store.listHosts()).toEqual(['web-1']);
  });

  it('reports gaps as null, never zero', async () => {
    const store = ts.make();
    const t = T0 + 10 * 3_600_000;
    await store.append('gappy', [{ metric: 'm', t, v: 0 }]);
    await store.append('gappy', [{ metric: 'm', t: t + 180_000, v: 2 }]);
    const [s] = await store.range({ host: 'gappy', metric: 'm', from: t, to: t + 180_000, step: 60_000 });
    expect(s?.points.map((p) => p.v)).toEqual([0, null, null, 2]);
    expect(s?.points[1]).toEqual({ t: t + 60_000, v: null, min: null, max: null, last: null, count: 0 });
  });

  it('drops re-sent and older samples, in snapshots and in bulk', async () => {
    const store = ts.make({ chunkSize: 5 });
    for (let i = 0; i < 30; i++) await store.append('dup', snapshot(i));
    // A spool flush re-sends everything, plus a few new ones; and one stale snapshot alone.
    await store.append('dup', Array.from({ length: 40 }, (_, i) => snapshot(i, { v: -1 })).flat());
    await store.append('dup', snapshot(3, { v: -2 }));
    await store.append('dup', snapshot(40));
    const [cpu] = await store.range({ host: 'dup', metric: 'cpu.total', from: T0, to: T0 + 40 * 10_000, step: 10_000 });
    expect(cpu?.points.map((p) => p.count)).toEqual(Array.from({ length: 41 }, () => 1));
    expect(cpu?.points.slice(0, 30).map((p) => p.v)).toEqual(Array.from({ length: 30 }, (_, i) => i / 4));
    expect(cpu?.points.slice(30, 40).map((p) => p.v)).toEqual(Array.from({ length: 10 }, () => -1));
  });

  it('keeps every sample when one host is written by concurrent callers', async () => {
    const store = ts.make({ chunkSize: 4 });
    const metrics = Array.from({ length: 12 }, (_, k) => `m${k}`);
    await Promise.all(
      metrics.map(async (metric) => {
        for (let i = 0; i < 50; i++) await store.append('busy', [{ metric, t: T0 + i * 1000, v: i }]);
      }),
    );
    const res = await Promise.all(metrics.map((metric) => store.range({ host: 'busy', metric, from: T0, to: T0 + 49_000, step: 1000 })));
    for (const [s] of res) expect(s?.points.map((p) => p.v)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
