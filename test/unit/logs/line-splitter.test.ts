import { describe, expect, it } from 'vitest';
import { charBoundary, decodeSpan, splitLines } from '../../../src/logs/sources/line-splitter.js';

const texts = (buf: Buffer, max = 16, skipping = false, flush = false) => {
  const r = splitLines(buf, { maxLineBytes: max, skipping, flush });
  return { lines: r.lines.map((s) => [decodeSpan(buf, s).text, s.truncated] as const), consumed: r.consumed, skipping: r.skipping };
};

describe('splitLines', () => {
  it('passes whole lines on and leaves a line without its newline for the next read', () => {
    const buf = Buffer.from('one\r\ntwo\nthr');
    expect(texts(buf)).toEqual({
      lines: [
        ['one', false],
        ['two', false],
      ],
      consumed: 9,
      skipping: false,
    });
  });

  it('flushes the last line of a file being dropped', () => {
    expect(texts(Buffer.from('a\nlast'), 16, false, true)).toEqual({
      lines: [
        ['a', false],
        ['last', false],
      ],
      consumed: 6,
      skipping: false,
    });
  });

  it('cuts a line longer than the limit and skips its rest, across reads', () => {
    const first = texts(Buffer.from(`short\n${'x'.repeat(40)}`));
    expect(first.lines).toEqual([
      ['short', false],
      ['x'.repeat(16), true],
    ]);
    expect(first).toMatchObject({ consumed: 46, skipping: true });
    // The next read is still inside that line: nothing until its newline.
    expect(texts(Buffer.from('y'.repeat(30)), 16, true)).toEqual({ lines: [], consumed: 30, skipping: true });
    expect(texts(Buffer.from('zz\nnext\n'), 16, true)).toEqual({ lines: [['next', false]], consumed: 8, skipping: false });
  });

  it('cuts a complete over-long line too, and a line of exactly the limit is whole', () => {
    expect(texts(Buffer.from(`${'a'.repeat(17)}\n${'b'.repeat(16)}\n`)).lines).toEqual([
      ['a'.repeat(16), true],
      ['b'.repeat(16), false],
    ]);
  });

  it('never cuts inside a UTF-8 character', () => {
    const buf = Buffer.from(`${'a'.repeat(14)}€€€\n`); // € is 3 bytes: the limit (16) falls inside the first
    expect(texts(buf).lines).toEqual([['a'.repeat(14), true]]);
    expect(charBoundary(Buffer.from('€'), 0, 1)).toBe(1); // nothing before it to back off to: keep the cut
  });

  it('turns invalid UTF-8 and binary bytes into text with U+FFFD, flagged, without throwing', () => {
    const buf = Buffer.from([0x66, 0xff, 0xfe, 0x00, 0x01, 0x0a]);
    const r = splitLines(buf, { maxLineBytes: 64, skipping: false, flush: false });
    const d = decodeSpan(buf, r.lines[0]!);
    expect(d.invalid).toBe(true);
    expect(d.text).toBe('f\uFFFD\uFFFD\u0000\u0001');
  });
});
