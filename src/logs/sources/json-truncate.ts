/**
 * Shrinks one over-long JSON line from `journalctl -o json` while it streams through, so a 5 MB
 * MESSAGE never sits whole in memory: every string keeps its first `maxValueBytes` bytes and every
 * array its first `maxValueBytes` elements (the journal writes non-UTF-8 fields as arrays of byte
 * values). Cuts fall on a character start outside escapes, so the result stays valid JSON.
 */
export class JsonTruncator {
  truncated = false;
  private readonly out: Buffer[] = [];
  private inString = false;
  /** 0: not in an escape; -1: just after a backslash; n > 0: hex digits of \uXXXX still to come. */
  private esc = 0;
  private strBytes = 0;
  private dropString = false;
  /** Element counts of the arrays we are inside, innermost last. */
  private readonly counts: number[] = [];
  /** Depth of the array whose remaining elements are being dropped, or -1. */
  private dropArrayAt = -1;

  constructor(private readonly maxValueBytes: number) {}

  push(chunk: Buffer): void {
    let keepFrom = -1;
    for (let i = 0; i < chunk.length; i++) {
      // While dropping, jump over the bytes that cannot change the state (native indexOf, not a JS loop).
      const skipTo = this.skipTo(chunk, i);
      if (skipTo > i) {
        if (keepFrom >= 0) {
          this.out.push(Buffer.from(chunk.subarray(keepFrom, i)));
          keepFrom = -1;
        }
        i = skipTo;
        if (i >= chunk.length) break;
      }
      const keep = this.step(chunk[i]!);
      if (keep && keepFrom < 0) keepFrom = i;
      if (!keep && keepFrom >= 0) {
        this.out.push(Buffer.from(chunk.subarray(keepFrom, i)));
        keepFrom = -1;
      }
    }
    if (keepFrom >= 0) this.out.push(Buffer.from(chunk.subarray(keepFrom)));
  }

  result(): string {
    return Buffer.concat(this.out).toString('utf8');
  }

  /** The next index at or after `i` that matters while dropping (chunk.length when none). */
  private skipTo(chunk: Buffer, i: number): number {
    if (this.inString && this.dropString && this.esc === 0) return firstOf(chunk, i, [0x22, 0x5c]);
    if (!this.inString && this.dropArrayAt >= 0) return firstOf(chunk, i, [0x22, 0x5b, 0x5d]);
    return i;
  }

  /** Advances the scanner over one byte; true when the byte is kept. */
  private step(b: number): boolean {
    const dropping = this.dropArrayAt >= 0;
    if (this.inString) return this.stringByte(b) && !dropping;
    if (b === 0x22) {
      this.inString = true;
      this.strBytes = 0;
      return !dropping;
    }
    if (b === 0x5b) {
      this.counts.push(0);
      return !dropping;
    }
    if (b === 0x5d) {
      this.counts.pop();
      if (dropping && this.counts.length === this.dropArrayAt - 1) {
        this.dropArrayAt = -1;
        return true;
      }
      return !dropping;
    }
    if (b === 0x2c && this.counts.length > 0 && !dropping) {
      const top = this.counts.length - 1;
      const n = (this.counts[top] ?? 0) + 1;
      this.counts[top] = n;
      if (n >= this.maxValueBytes) {
        this.dropArrayAt = this.counts.length;
        this.truncated = true;
        return false;
      }
    }
    return !dropping;
  }

  private stringByte(b: number): boolean {
    if (this.esc !== 0) {
      this.esc = this.esc === -1 ? (b === 0x75 ? 4 : 0) : this.esc - 1;
      return !this.dropString;
    }
    if (b === 0x22) {
      this.inString = false;
      this.dropString = false;
      return true;
    }
    // Only at the start of a character (not a UTF-8 continuation byte) may the cut begin.
    if (!this.dropString && this.strBytes >= this.maxValueBytes && (b & 0xc0) !== 0x80) {
      this.dropString = true;
      this.truncated = true;
    }
    if (b === 0x5c) this.esc = -1;
    if (this.dropString) return false;
    this.strBytes++;
    return true;
  }
}

function firstOf(chunk: Buffer, from: number, bytes: number[]): number {
  let best = chunk.length;
  for (const b of bytes) {
    const at = chunk.indexOf(b, from);
    if (at >= 0 && at < best) best = at;
  }
  return best;
}
