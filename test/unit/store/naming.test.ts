import { describe, expect, it } from 'vitest';
import { groupPoints } from '../../../src/store/group-points.js';
import { hostKeys, hostTag } from '../../../src/store/keys.js';
import { labelsMatch, parseSeriesName, seriesName } from '../../../src/store/series-key.js';
import { decodeRecords, encodeRecords } from '../../../src/store/records.js';

describe('series names', () => {
  it('are canonical (label order does not matter) and reversible with separators inside', () => {
    expect(seriesName('disk.used', { mount: '/var', device: 'sda1' })).toBe(seriesName('disk.used', { device: 'sda1', mount: '/var' }));
    const labels = { 'we|ird': 'a=b%c|d', mount: '/' };
    const name = seriesName('m|x=%', labels);
    expect(parseSeriesName('h', name)).toEqual({ host: 'h', metric: 'm|x=%', labels });
    expect(seriesName('cpu', {})).toBe('cpu');
  });

  it('match labels exactly on the given keys only', () => {
    expect(labelsMatch(undefined, { mount: '/' })).toBe(true);
    expect(labelsMatch({ mount: '/' }, { mount: '/', device: 'sda' })).toBe(true);
    expect(labelsMatch({ mount: '/' }, { mount: '/var' })).toBe(false);
    expect(labelsMatch({ mount: '/' }, {})).toBe(false);
  });
});

describe('keys', () => {
  it('put every key of a host under one hash tag, distinct per host even with braces', () => {
    const k = hostKeys('checkup', 'web-1');
    for (const key of [k.state, k.mark, k.rolled, k.open('cpu'), k.chunks('cpu'), k.minute('cpu'), k.hour('cpu')]) {
      expect(key.startsWith('checkup:{h:web-1}:')).toBe(true);
    }
    const tags = ['a}b', 'a}c', 'a{b', '%7D', '}'].map(hostTag);
    expect(new Set(tags).size).toBe(tags.length);
    for (const t of tags) expect(t.slice(1, -1)).not.toMatch(/[{}]/);
  });
});

describe('grouping points', () => {
  it('sorts per series, keeps the first of duplicate times, drops non-finite values', () => {
    const g = groupPoints([
      { metric: 'cpu', t: 30, v: 3 },
      { metric: 'cpu', t: 10, v: 1 },
      { metric: 'cpu', t: 10, v: 99 },
      { metric: 'cpu', t: 20, v: Number.NaN },
      { metric: 'disk', labels: { mount: '/' }, t: 10, v: Infinity },
      { metric: 'disk', labels: { mount: '/' }, t: 11, v: 5 },
    ]);
    expect(g).toEqual([
      { name: 'cpu', t: [10, 30], v: [1, 3] },
      { name: 'disk|mount=/', t: [11], v: [5] },
    ]);
  });

  it('rejects times that are not whole non-negative milliseconds', () => {
    expect(() => groupPoints([{ metric: 'cpu', t: 1.5, v: 1 }])).toThrow(RangeError);
    expect(() => groupPoints([{ metric: 'cpu', t: -1, v: 1 }])).toThrow(RangeError);
    expect(() => groupPoints([{ metric: '', t: 1, v: 1 }])).toThrow(RangeError);
  });

  it('records round-trip through the open-chunk format', () => {
    const r = decodeRecords(encodeRecords([1, 2 ** 52], [-0.5, 1e300]));
    expect(Array.from(r.t)).toEqual([1, 2 ** 52]);
    expect(Array.from(r.v)).toEqual([-0.5, 1e300]);
  });
});
