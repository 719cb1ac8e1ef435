import { JsonTruncator } from './json-truncate.js';

export type JsonLine = { text: string; bytes: number; truncated: boolean };

/**
 * Splits journalctl's stdout into lines. A line is held in memory up to `capBytes`; past that it
 * streams through a JsonTruncator, so memory stays bounded whatever a journal entry holds.
 */
export class JsonLineReader {
  private parts: Buffer[] = [];
  private held = 0;
  private total = 0;
  private big: JsonTruncator | null = null;

  constructor(private readonly opts: { capBytes: number; maxValueBytes: number; onLine: (line: JsonLine) => void }) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(0x0a, pos);
      const end = nl < 0 ? chunk.length : nl;
      if (end > pos) this.take(chunk.subarray(pos, end));
      if (nl < 0) return;
      this.finish();
      pos = nl + 1;
    }
  }

  /** Forgets a partial line: after journalctl died mid-line, it is read again from the cursor. */
  reset(): void {
    this.parts = [];
    this.held = 0;
    this.total = 0;
    this.big = null;
  }

  private take(piece: Buffer): void {
    this.total += piece.length;
    if (this.big) return this.big.push(piece);
    // Copied: the chunk's buffer is reused by the stream.
    this.parts.push(Buffer.from(piece));
    this.held += piece.length;
    if (this.held <= this.opts.capBytes) return;
    this.big = new JsonTruncator(this.opts.maxValueBytes);
    for (const p of this.parts) this.big.push(p);
    this.parts = [];
    this.held = 0;
  }

  private finish(): void {
    const bytes = this.total;
    const line: JsonLine = this.big
      ? { text: this.big.result(), bytes, truncated: this.big.truncated }
      : { text: Buffer.concat(this.parts, this.held).toString('utf8'), bytes, truncated: false };
    this.reset();
    if (bytes > 0) this.opts.onLine(line);
  }
}
