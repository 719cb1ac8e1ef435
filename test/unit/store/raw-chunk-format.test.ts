import { describe, expect, it } from 'vitest';
import { CorruptChunkError } from '../../../src/store/codec/bit-reader.js';
import { RAW_CHUNK_TAG, RAW_CHUNK_TAG_GRID, decodeRawChunk, encodeRawChunk } from '../../../src/store/codec/raw-chunk.js';
import { mulberry32, randInt } from '../../utils/prng.js';

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`index ${i}: got ${a[i]}, want ${b[i]}`);
};

/**
 * Chunks written by the first raw format (tag 0x01, block-packed timestamps) before grid timestamps
 * existed: users' Redis holds these, so they must keep decoding. Inputs are listed in full.
 */
const T = [
  1796684980000, 1796684990014, 1796685000005, 1796685010019, 1796685020010, 1796685030001, 1796685040015, 1796685050006, 1796685060020, 1796685070011,
  1796685080002, 1796685090016, 1796685100007, 1796685110021, 1796685120012, 1796685130003, 1796685140017, 1796685150008, 1796685160022, 1796685170013,
];
const DEC = [0, 81.74, 63.47, 45.21, 26.95, 8.69, 90.42, 72.16, 53.9, 35.64, 17.37, 99.11, 80.85, 62.59, 44.32, 26.06, 7.8, 89.54, 71.27, 53.01];
const XOR = [
  0, 81.73741362290227, 63.47482724580454, 45.212240868706814, 26.94965449160908, 8.687068114511353, 90.42448173741363, 72.1618953603159, 53.89930898321816,
  35.636722606120436, 17.374136229022707, 99.11154985192498, 80.84896347482724, 62.58637709772952, 44.323790720631784, 26.061204343534058, 7.7986179664363275,
  89.53603158933859, 71.27344521224087, 53.01085883514314,
];
const OLD_DECIMAL = '0114ead129628f8a0f9c442b32fe49155e1c489e8a00ad1c0c10300380007fb98cb46a4a870d9635270c150e37b06c99addf9561cd15028b8e0c322fa6f5d4b5';
const OLD_XOR =
  '0114ead129628f8a0f9c442b32fe49155e1c489e8a00ad1c0c800000000000000061f602a3798e4743fafd7a6f4fdbad26089e493f6cb6980a7e9d7e341b1dfa84e9d7a6eb36fab504d7f4eddf13b744846a360922ed96530f4518f940f0dc8e7085914e576f80a2dc2391d102c486ad331c98b5d3f6d0cf176cb1881668dbead86bc8bfc42589fe7bc40772f84db5de2068af253e63fe02845ba4a9c35f879580c1ecf39dca2078e36a1c7e5b426be0';

/** Agent-like stamps: a grid, a few ms late, now and then ~100 ms late, with outages. */
function agentTimes(rand: () => number, n: number, step: number): number[] {
  const out: number[] = [];
  let slot = Math.floor(1_796_000_000_000 / step) + randInt(rand, 0, 1000);
  for (let i = 0; i < n; i++) {
    slot += rand() < 0.03 ? randInt(rand, 2, 50) : 1;
    out.push(slot * step + (rand() < 0.05 ? randInt(rand, 30, 120) : randInt(rand, 0, 12)));
  }
  return out;
}

describe('raw chunk formats', () => {
  it('decodes chunks of the first format exactly', () => {
    for (const [hex, values] of [
      [OLD_DECIMAL, DEC],
      [OLD_XOR, XOR],
    ] as const) {
      const buf = Buffer.from(hex, 'hex');
      expect(buf[0]).toBe(RAW_CHUNK_TAG);
      const d = decodeRawChunk(buf);
      expect(d.n).toBe(T.length);
      same(d.t, T);
      same(d.v, values);
    }
  });

  it('writes grid timestamps for agent-like stamps, exactly and smaller', () => {
    const rand = mulberry32(11);
    for (let iter = 0; iter < 50; iter++) {
      const n = randInt(rand, 2, 500);
      const ts = agentTimes(rand, n, iter % 2 === 0 ? 10_000 : 2_000);
      const vs = ts.map(() => randInt(rand, 0, 10_000) / 100);
      const buf = encodeRawChunk(ts, vs);
      const d = decodeRawChunk(buf);
      same(d.t, ts);
      same(d.v, vs);
      if (n >= 100) expect(buf[0]).toBe(RAW_CHUNK_TAG_GRID);
    }
  });

  it('round-trips stamps off any grid: early, late, 1 ms apart, hours apart', () => {
    const rand = mulberry32(12);
    for (let iter = 0; iter < 200; iter++) {
      const n = randInt(rand, 1, 300);
      let t = randInt(rand, 0, 2 ** 40);
      const ts: number[] = [];
      for (let i = 0; i < n; i++) {
        t += rand() < 0.05 ? 1 : rand() < 0.05 ? randInt(rand, 1, 9e6) : 10_000 + randInt(rand, -400, 400);
        ts.push(t);
      }
      const d = decodeRawChunk(
        encodeRawChunk(
          ts,
          ts.map((x) => x % 97),
        ),
      );
      same(d.t, ts);
    }
  });

  it('rejects a truncated grid chunk instead of inventing samples', () => {
    const ts = agentTimes(mulberry32(13), 240, 10_000);
    const buf = encodeRawChunk(
      ts,
      ts.map(() => 1),
    );
    expect(buf[0]).toBe(RAW_CHUNK_TAG_GRID);
    expect(() => decodeRawChunk(buf.subarray(0, 20))).toThrow(CorruptChunkError);
  });
});
