import { describe, expect, it } from 'vitest';
import { BitReader } from '../../../src/store/codec/bit-reader.js';
import { decodeFloats, encodeFloats, findDecimalForm } from '../../../src/store/codec/float-column.js';
import { gaussian, mulberry32, randInt } from '../../utils/prng.js';

function roundTrip(vs: number[]): { out: number[]; scale: number } {
  const enc = encodeFloats(vs);
  const out = new Float64Array(vs.length);
  const { scale } = decodeFloats(new BitReader(enc.bytes), 0, vs.length, out);
  expect(scale).toBe(enc.scale);
  return { out: Array.from(out), scale };
}

/** Bit-level equality that also distinguishes -0 from 0 and accepts NaN for NaN. */
function expectSame(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`index ${i}: got ${actual[i]}, want ${expected[i]}`);
  }
}

describe('float column', () => {
  it('stores few-decimal values as scaled integers', () => {
    expect(findDecimalForm([23.47, 12.5, 0, 99.99])).toMatchObject({ scale: 2, factor: 1 });
    expect(findDecimalForm([4096, 8192, 1_048_576])).toMatchObject({ scale: 0, factor: 4096 });
    expect(findDecimalForm([0.1, 0.2, 0.3])).toMatchObject({ scale: 1 });
    expect(findDecimalForm([Math.PI])).toBeNull();
    const { out, scale } = roundTrip([23.47, -12.5, 0, 99.99, -0.01]);
    expect(scale).toBe(2);
    expectSame(out, [23.47, -12.5, 0, 99.99, -0.01]);
  });

  it('falls back to XOR, bit-exact, for NaN, infinities, -0, huge and full-precision values', () => {
    const special = [Number.NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 60, 1e300, 1 / 3, -(2 ** -1074)];
    const { out, scale } = roundTrip(special);
    expect(scale).toBe(-1);
    expectSame(out, special);
  });

  it('round-trips identical values in a few bytes', () => {
    const vs = Array.from({ length: 240 }, () => 42.42);
    const enc = encodeFloats(vs);
    expectSame(roundTrip(vs).out, vs);
    expect(enc.bytes.length).toBeLessThan(30);
  });

  it('round-trips random columns of every kind (seeded property test)', () => {
    const rand = mulberry32(7);
    for (let iter = 0; iter < 300; iter++) {
      const n = randInt(rand, 1, 500);
      const kind = iter % 6;
      const decimals = randInt(rand, 0, 7);
      const level = (rand() - 0.5) * 10 ** randInt(rand, 0, 12);
      const vs = Array.from({ length: n }, () => {
        const x = level + gaussian(rand) * 10 ** randInt(rand, -3, 6);
        if (kind === 0) return Math.round(x * 10 ** decimals) / 10 ** decimals;
        if (kind === 1) return Math.round(x) * 1024;
        if (kind === 2) return x;
        if (kind === 3) return rand() < 0.05 ? Number.NaN : Math.round(x);
        if (kind === 4) return rand() < 0.5 ? -0 : Math.fround(x);
        return (rand() - 0.5) * 2 ** randInt(rand, -1000, 1000);
      });
      expectSame(roundTrip(vs).out, vs);
    }
  });
});
