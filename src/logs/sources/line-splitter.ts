import { isUtf8 } from 'node:buffer';

/** A line found in a buffer: [start, end) without its newline; `truncated` when cut at the limit. */
export type LineSpan = { start: number; end: number; truncated: boolean };

export type SplitOutcome = {
  lines: LineSpan[];
  /** Bytes of the buffer used up: the position moves on by this much. */
  consumed: number;
  /** Still inside an over-long line whose rest must be skipped up to its newline. */
  skipping: boolean;
};

const NL = 0x0a;
const CR = 0x0d;

/**
 * Splits bytes read from a position into whole lines. A line without its newline yet stays
 * unconsumed (it is read again when the writer finishes it) unless `flush` (the file is being
 * dropped) or it is already longer than `maxLineBytes`: then its first bytes are a truncated line
 * and the rest is skipped, even across reads (`skipping`). The caller reads at least
 * maxLineBytes + 1 bytes when the file has them, so "no newline" means "not written yet".
 */
export function splitLines(buf: Buffer, opts: { maxLineBytes: number; skipping: boolean; flush: boolean }): SplitOutcome {
  const lines: LineSpan[] = [];
  let pos = 0;
  if (opts.skipping) {
    const nl = buf.indexOf(NL);
    if (nl < 0) return { lines, consumed: buf.length, skipping: !opts.flush };
    pos = nl + 1;
  }
  while (pos < buf.length) {
    const nl = buf.indexOf(NL, pos);
    if (nl >= 0) {
      lines.push(span(buf, pos, nl, opts.maxLineBytes));
      pos = nl + 1;
      continue;
    }
    const rest = buf.length - pos;
    if (rest > opts.maxLineBytes) {
      lines.push({ start: pos, end: charBoundary(buf, pos, pos + opts.maxLineBytes), truncated: true });
      return { lines, consumed: buf.length, skipping: !opts.flush };
    }
    if (opts.flush) {
      lines.push(span(buf, pos, buf.length, opts.maxLineBytes));
      return { lines, consumed: buf.length, skipping: false };
    }
    break;
  }
  return { lines, consumed: pos, skipping: false };
}

function span(buf: Buffer, start: number, nl: number, max: number): LineSpan {
  const end = nl > start && buf[nl - 1] === CR ? nl - 1 : nl;
  if (end - start <= max) return { start, end, truncated: false };
  return { start, end: charBoundary(buf, start, start + max), truncated: true };
}

/** Moves a cut back off the middle of a UTF-8 sequence, so it does not end in a stray U+FFFD. */
export function charBoundary(buf: Buffer, start: number, cut: number): number {
  let end = cut;
  // At most 3 continuation bytes (10xxxxxx) precede a character's last byte.
  for (let i = 0; i < 3 && end > start && ((buf[end] ?? 0) & 0xc0) === 0x80; i++) end--;
  return end > start ? end : cut;
}

/** Text of a span: invalid UTF-8 turns into U+FFFD, never an exception. */
export function decodeSpan(buf: Buffer, s: LineSpan): { text: string; invalid: boolean } {
  const bytes = buf.subarray(s.start, s.end);
  return { text: bytes.toString('utf8'), invalid: !isUtf8(bytes) };
}
