import { describe, expect, it } from 'vitest';
import { JsonLineReader, type JsonLine } from '../../../src/logs/sources/json-lines.js';
import { JsonTruncator } from '../../../src/logs/sources/json-truncate.js';

function truncate(text: string, max: number, chunk = 7): { value: unknown; truncated: boolean } {
  const t = new JsonTruncator(max);
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += chunk) t.push(buf.subarray(i, i + chunk));
  return { value: JSON.parse(t.result()), truncated: t.truncated };
}

describe('JsonTruncator', () => {
  it('keeps short values exactly', () => {
    const obj = { MESSAGE: 'hi "there" \\ é', PRIORITY: '3', B: [1, 2, 3], M: ['a', [104, 105]] };
    expect(truncate(JSON.stringify(obj), 100)).toEqual({ value: obj, truncated: false });
  });

  it('cuts long strings and byte arrays, and stays valid JSON', () => {
    const obj = { MESSAGE: 'x'.repeat(1000), RAW: Array.from({ length: 500 }, (_, i) => i % 256), __CURSOR: 's=1;i=2' };
    const r = truncate(JSON.stringify(obj), 10);
    expect(r.truncated).toBe(true);
    expect(r.value).toEqual({ MESSAGE: 'x'.repeat(10), RAW: Array.from({ length: 10 }, (_, i) => i), __CURSOR: 's=1;i=2' });
  });

  it('never cuts inside an escape or a UTF-8 character', () => {
    const r = truncate(JSON.stringify({ A: `abc${'\u0001'.repeat(5)}`, B: `ab${'€'.repeat(5)}`, C: 'a\\"b"c'.repeat(3) }), 4, 1);
    const v = r.value as Record<string, string>;
    expect(v.A).toBe('abc\u0001'); // \u0001 is 6 JSON bytes: kept whole
    expect(v.B).toBe('ab€');
    expect(v.C?.length).toBeLessThanOrEqual(4);
  });

  it('ignores brackets and commas inside strings while dropping array elements', () => {
    const obj = { M: [',]', '[x', 'c', 'd'], N: 'ok' };
    expect(truncate(JSON.stringify(obj), 2).value).toEqual({ M: [',]', '[x'], N: 'ok' });
  });
});

describe('JsonLineReader', () => {
  it('splits lines across chunks and streams an over-long line through the truncator', () => {
    const got: JsonLine[] = [];
    const r = new JsonLineReader({ capBytes: 100, maxValueBytes: 20, onLine: (l) => got.push(l) });
    const big = JSON.stringify({ MESSAGE: 'y'.repeat(5000), __CURSOR: 'c2' });
    const all = Buffer.from(`${JSON.stringify({ MESSAGE: 'small', __CURSOR: 'c1' })}\n${big}\n{"partial":`);
    for (let i = 0; i < all.length; i += 333) r.push(all.subarray(i, i + 333));
    expect(got.map((l) => [JSON.parse(l.text), l.truncated])).toEqual([
      [{ MESSAGE: 'small', __CURSOR: 'c1' }, false],
      [{ MESSAGE: 'y'.repeat(20), __CURSOR: 'c2' }, true],
    ]);
    expect(got[1]!.bytes).toBe(big.length);
    // A line cut by journalctl's death is forgotten, not glued to the next one.
    r.reset();
    r.push(Buffer.from('{"a":1}\n'));
    expect(JSON.parse(got[2]!.text)).toEqual({ a: 1 });
  });
});
