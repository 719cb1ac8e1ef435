import { describe, expect, it } from 'vitest';
import { BitReader, CorruptChunkError } from '../../../src/store/codec/bit-reader.js';
import { BitWriter } from '../../../src/store/codec/bit-writer.js';
import { decodeIntColumn, encodeIntColumn } from '../../../src/store/codec/int-column.js';
import { MAX_ABS_INT, decodeInts, encodeInts } from '../../../src/store/codec/int-stream.js';
import { gaussian, mulberry32, randInt } from '../../utils/prng.js';

function roundTrip(xs: number[]): Float64Array {
  const bytes = encodeIntColumn(xs);
  const out = new Float64Array(xs.length);
  decodeIntColumn(new BitReader(bytes), 0, xs.length, out);
  return out;
}

describe('integer stream', () => {
  it('round-trips edge shapes exactly', () => {
    const big = MAX_ABS_INT - 1;
    const cases: number[][] = [
      [],
      [0],
      [-5],
      [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7],
      [big, -big, big, -big, 0, big],
      Array.from({ length: 100 }, (_, i) => 1_700_000_000_000 + i * 10_000),
      Array.from({ length: 37 }, (_, i) => 0 - i * i * 1000),
      [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3],
    ];
    for (const xs of cases) expect(Array.from(roundTrip(xs))).toEqual(xs);
  });

  it('round-trips random streams of every shape (seeded property test)', () => {
    const rand = mulberry32(42);
    for (let iter = 0; iter < 300; iter++) {
      const n = randInt(rand, 1, 700);
      const shape = iter % 5;
      let x = randInt(rand, -1e9, 1e9);
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        if (shape === 0) x = randInt(rand, -1e6, 1e6);
        else if (shape === 1) x += 10_000 + randInt(rand, -50, 50);
        else if (shape === 2) x = Math.round(1e12 * rand() * rand()) * (rand() < 0.5 ? -1 : 1);
        else if (shape === 3) x += rand() < 0.01 ? randInt(rand, -1e12, 1e12) : randInt(rand, 0, 3);
        else x = Math.round(500 + 100 * gaussian(rand));
        xs.push(Math.max(-(MAX_ABS_INT - 1), Math.min(MAX_ABS_INT - 1, x)));
      }
      expect(Array.from(roundTrip(xs))).toEqual(xs);
    }
  });

  it('spends few bits on jittered 10 s timestamps and nothing on constant steps', () => {
    const rand = mulberry32(1);
    const ts = Array.from({ length: 240 }, (_, i) => 1_700_000_000_000 + i * 10_000 + randInt(rand, 0, 40));
    // 40 ms of jitter is ~6 bits of entropy per sample; allow the block headers on top.
    expect((encodeIntColumn(ts).length * 8) / ts.length).toBeLessThan(7.5);
    const regular = Array.from({ length: 240 }, (_, i) => 1_700_000_000_000 + i * 60_000);
    expect(encodeIntColumn(regular).length).toBeLessThan(30);
  });

  it('rejects values it cannot store exactly', () => {
    const w = new BitWriter();
    expect(() => encodeInts(w, [1.5])).toThrow(RangeError);
    expect(() => encodeInts(w, [MAX_ABS_INT])).toThrow(RangeError);
    expect(() => encodeInts(w, [Number.NaN])).toThrow(RangeError);
  });

  it('reports a truncated stream instead of inventing values', () => {
    const xs = Array.from({ length: 64 }, (_, i) => i * 7919);
    const bytes = encodeIntColumn(xs);
    const out = new Float64Array(xs.length);
    expect(() => decodeInts(new BitReader(bytes.subarray(0, bytes.length - 20)), xs.length, out)).toThrow(CorruptChunkError);
  });
});

describe('bit writer and reader', () => {
  it('round-trip fields of every width up to 53 bits', () => {
    const rand = mulberry32(9);
    const fields: Array<[number, number]> = [];
    const w = new BitWriter(1);
    for (let i = 0; i < 2000; i++) {
      const width = randInt(rand, 0, 54);
      const value = width === 0 ? 0 : Math.floor(rand() * 2 ** width);
      fields.push([value, width]);
      w.write(value, width);
    }
    const r = new BitReader(w.finish());
    for (const [value, width] of fields) expect(r.read(width)).toBe(value);
  });
});
