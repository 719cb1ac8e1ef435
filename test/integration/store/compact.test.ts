import { afterAll, describe, expect, it } from 'vitest';
import { hostTag } from '../../../src/store/keys.js';
import type { RangePoint } from '../../../src/store/types.js';
import { mulberry32, randInt } from '../../utils/prng.js';
import { DAY, testStore } from '../../utils/test-store.js';

const ts = testStore();
afterAll(() => ts.cleanup());

const NOW = Date.UTC(2025, 5, 1);
const HOUR = 3_600_000;

/** Irregular 2-decimal samples every ~10 s over `hours`, ending before `end`. */
function samples(seed: number, end: number, hours: number): Array<{ t: number; v: number }> {
  const rand = mulberry32(seed);
  const out: Array<{ t: number; v: number }> = [];
  for (let t = end - hours * HOUR; t < end; t += 10_000 + randInt(rand, -40, 40)) out.push({ t, v: Math.round(rand() * 10_000) / 100 });
  return out;
}

/** What a bucket of `step` must say, computed from the raw samples directly. */
function expected(data: Array<{ t: number; v: number }>, from: number, to: number, step: number): RangePoint[] {
  const start = Math.floor(from / step) * step;
  const out: RangePoint[] = [];
  for (let b = start; b <= Math.floor(to / step) * step; b += step) {
    const inB = data.filter((s) => s.t >= b && s.t < b + step).map((s) => s.v);
    out.push(
      inB.length === 0
        ? { t: b, v: null, min: null, max: null, last: null, count: 0 }
        : { t: b, v: inB.reduce((a, c) => a + c, 0) / inB.length, min: Math.min(...inB), max: Math.max(...inB), last: inB[inB.length - 1]!, count: inB.length },
    );
  }
  return out;
}

function expectBuckets(actual: RangePoint[] | undefined, want: RangePoint[]): void {
  expect(actual?.length).toBe(want.length);
  want.forEach((w, i) => {
    const a = actual?.[i];
    expect({ ...a, v: null }).toEqual({ ...w, v: null });
    if (w.v === null) expect(a?.v).toBeNull();
    else expect(a?.v).toBeCloseTo(w.v, 9);
  });
}

describe('compaction and tiers', () => {
  const data = samples(1, NOW, 5 * 24);

  it('rolls up min/max/avg/last/count exactly and trims raw past retention', async () => {
    ts.clock.now = NOW;
    const store = ts.make({ chunkSize: 50 });
    // An importer sends the first days in bulk, then the agent one snapshot at a time.
    await store.append(
      'c1',
      data.slice(0, 40_000).map((s) => ({ metric: 'cpu', t: s.t, v: s.v })),
    );
    for (const s of data.slice(40_000)) await store.append('c1', [{ metric: 'cpu', t: s.t, v: s.v }]);
    const res = await store.compact('c1', NOW);
    expect(res.rolledUp).toBe(data.length);
    expect(res.trimmed).toBeGreaterThan(0);
    // Raw keeps only what is younger than 2 days (whole chunks, so a little more).
    const rawFrom = NOW - 2 * DAY + 60_000;
    const [raw] = await store.range({ host: 'c1', metric: 'cpu', from: rawFrom, to: NOW, step: 10_000 });
    expect(raw?.tier).toBe('raw');
    expect(raw?.points.reduce((a, p) => a + p.count, 0)).toBe(data.filter((s) => s.t >= rawFrom).length);
    const chunks = await ts.redis.hkeys(`${ts.prefix}:{h:c1}:c:cpu`);
    expect(Math.min(...chunks.map(Number))).toBeGreaterThanOrEqual(NOW - 2 * DAY - 60 * 10_500);

    const from = NOW - 4 * DAY;
    const [minute] = await store.range({ host: 'c1', metric: 'cpu', from, to: NOW, step: 15 * 60_000 });
    expect(minute?.tier).toBe('minute');
    expectBuckets(minute?.points, expected(data, from, NOW, 15 * 60_000));
    const [hour] = await store.range({ host: 'c1', metric: 'cpu', from: NOW - 60 * DAY, to: NOW, step: 6 * HOUR });
    expect(hour?.tier).toBe('hour');
    expectBuckets(hour?.points, expected(data, NOW - 60 * DAY, NOW, 6 * HOUR));
  });

  it('is idempotent and picks up samples appended after it ran, without double counting', async () => {
    const store = ts.make({ chunkSize: 50 });
    expect(await store.compact('c1', NOW)).toMatchObject({ rolledUp: 0 });
    const later = samples(2, NOW + HOUR, 1).filter((s) => s.t > NOW);
    // Before compaction the newest hour is answered from raw data newer than the rolled-up mark.
    await store.append(
      'c1',
      later.map((s) => ({ metric: 'cpu', t: s.t, v: s.v })),
    );
    const all = [...data, ...later];
    ts.clock.now = NOW + HOUR;
    const check = async () => {
      const [m] = await store.range({ host: 'c1', metric: 'cpu', from: NOW - 3 * DAY, to: NOW + HOUR, step: HOUR });
      expect(m?.tier).toBe('minute');
      expectBuckets(m?.points, expected(all, NOW - 3 * DAY, NOW + HOUR, HOUR));
    };
    await check();
    expect(await store.compact('c1', NOW + HOUR)).toMatchObject({ rolledUp: later.length });
    await check();
    const both = await Promise.all([store.compact('c1', NOW + HOUR), store.compact('c1', NOW + HOUR)]);
    expect(both.map((r) => r.rolledUp)).toEqual([0, 0]);
    await check();
  });

  it('serves a range that spans raw and minute data from one tier with nothing lost', async () => {
    const store = ts.make({ chunkSize: 50 });
    const from = NOW - 3 * DAY;
    // `to` just before NOW: the bucket at NOW would also hold the samples appended after NOW.
    const [m] = await store.range({ host: 'c1', metric: 'cpu', from, to: NOW - 1, step: 60_000 });
    expect(m?.tier).toBe('minute');
    expect(m?.points.reduce((a, p) => a + p.count, 0)).toBe(data.filter((s) => s.t >= from).length);
  });

  it('drops tier windows past retention and forgets series with nothing left', async () => {
    const store = ts.make({ chunkSize: 50 });
    const r = await store.compact('c1', NOW + 36 * DAY);
    expect(r.trimmed).toBeGreaterThan(0);
    expect(await ts.redis.hlen(`${ts.prefix}:{h:c1}:m:cpu`)).toBe(0);
    expect(await ts.redis.hlen(`${ts.prefix}:{h:c1}:h:cpu`)).toBeGreaterThan(0);
    expect(await ts.redis.exists(`${ts.prefix}:{h:c1}:o:cpu`)).toBe(0);
    await store.compact('c1', NOW + 420 * DAY);
    expect(await store.listSeries('c1')).toEqual([]);
    expect(await ts.keys('{h:c1}:[cohm]:*')).toEqual([]);
  });

  it('accepts history older than raw retention and rolls it into the tiers (backfill)', async () => {
    ts.clock.now = NOW;
    const store = ts.make();
    const history = samples(3, NOW, 14 * 24).filter((_, i) => i % 30 === 0);
    await store.append(
      'old',
      history.map((s) => ({ metric: 'load', labels: { kind: 'l1' }, t: s.t, v: s.v })),
    );
    expect(await store.compact('old', NOW)).toMatchObject({ rolledUp: history.length });
    const [m] = await store.range({ host: 'old', metric: 'load', from: NOW - 14 * DAY, to: NOW, step: HOUR });
    expect(m?.tier).toBe('minute');
    expectBuckets(m?.points, expected(history, NOW - 14 * DAY, NOW, HOUR));
    const rawTimes = (await ts.redis.hkeys(`${ts.prefix}:{h:old}:c:load|kind=l1`)).map(Number);
    expect(Math.min(...rawTimes)).toBeGreaterThan(NOW - 3 * DAY);
  });
});

describe('key layout', () => {
  it('never lets two hosts share a hash tag, nor a key escape its host tag', async () => {
    const store = ts.make({ chunkSize: 3 });
    const hosts = ['a', 'b', 'we}ird', 'we}other', 'we{ird', 'x:y', '%7D'];
    for (const host of hosts) for (let i = 0; i < 5; i++) await store.append(host, [{ metric: 'cpu', labels: { core: '{0}' }, t: NOW + i, v: i }]);
    await Promise.all(hosts.map((h) => store.compact(h, NOW + 10)));
    // The hash tag as Redis Cluster reads it: between the first '{' and the next '}'.
    const tagOf = (k: string) => {
      const open = k.indexOf('{');
      const close = k.indexOf('}', open + 1);
      return open < 0 || close <= open + 1 ? null : k.slice(open + 1, close);
    };
    const tagHosts = new Map<string, Set<string>>();
    for (const host of hosts) {
      const keys = await ts.keys(`${hostTag(host).replace(/[[\]*?]/g, '\\$&')}:*`);
      expect(keys.length).toBeGreaterThanOrEqual(5);
      for (const k of keys) {
        const tag = tagOf(k);
        expect(tag).not.toBeNull();
        tagHosts.set(tag!, (tagHosts.get(tag!) ?? new Set()).add(host));
      }
    }
    for (const owners of tagHosts.values()) expect(owners.size).toBe(1);
    expect(tagHosts.size).toBe(hosts.length);
    // Every key under the prefix is either the hosts set or inside one host's tag.
    for (const k of await ts.keys()) {
      if (k === `${ts.prefix}:hosts`) continue;
      expect(tagOf(k)).not.toBeNull();
    }
    expect((await store.listHosts()).filter((h) => hosts.includes(h)).sort()).toEqual([...hosts].sort());
  });
});
