import { describe, expect, it } from 'vitest';
import { findMetric, storedValue } from '../../../src/metrics/index.js';
import { encodeFloats } from '../../../src/store/codec/float-column.js';

const def = (name: string) => {
  const d = findMetric(name);
  if (d === undefined) throw new Error(`no metric ${name}`);
  return d;
};

describe('storedValue', () => {
  it('keeps two decimals of percentages and whole bytes per second', () => {
    expect(storedValue(def('cpu.user'), 72.77227722772277)).toBe(72.77);
    expect(storedValue(def('diskio.read_bps'), 1184190.0990098782)).toBe(1184190);
    expect(storedValue(def('diskio.read_iops'), 37.12871287128642)).toBe(37.13);
    expect(storedValue(def('cpu.ctx_switches'), 2908.910891089053)).toBe(2908.9);
  });

  it('leaves bytes, counts and already short values untouched', () => {
    expect(storedValue(def('mem.used'), 1155235840)).toBe(1155235840);
    expect(storedValue(def('load.1'), 8.92)).toBe(8.92);
    expect(storedValue(def('host.uptime'), 475.79)).toBe(475.79);
  });

  it('never yields -0, which the store would keep apart from 0', () => {
    expect(Object.is(storedValue(def('cpu.user'), -0.001), 0)).toBe(true);
  });

  it('gives values the store encodes in decimal form, not XOR', () => {
    const raw = Array.from({ length: 240 }, (_, i) => (100 * ((i * 7919) % 1013)) / 1013);
    const col = encodeFloats(raw.map((v) => storedValue(def('cpu.system'), v)));
    expect(col.scale).toBe(2);
    expect(encodeFloats(raw).scale).toBe(-1);
  });
});
