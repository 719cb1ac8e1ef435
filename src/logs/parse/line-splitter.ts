/**
 * Bytes to lines, with the limits an attacker-written file needs. A line longer than
 * MAX_LINE_BYTES (64 KiB) keeps its first 64 KiB, cut at a UTF-8 character boundary, and is counted
 * as truncated; the rest is skipped without being held in memory, so a 5 MB line (or a binary file
 * with no newline) costs 64 KiB. Invalid UTF-8 becomes U+FFFD. `\r\n` endings lose their `\r`.
 */

/** The longest line kept, in bytes. Longer ones are cut here and counted. */
export const MAX_LINE_BYTES = 64 * 1024;

export type SplitLine = { text: string; truncated: boolean };

/** Backs off from `end` to the start of a UTF-8 character, so a cut never splits one. */
function charBoundary(buf: Buffer, end: number): number {
  let e = end;
  // continuation bytes are 10xxxxxx; at most 3 of them follow a lead byte
  for (let k = 0; k < 3 && e > 0 && (buf[e]! & 0xc0) === 0x80; k++) e--;
  return e;
}

export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private truncated = false;

  constructor(
    private readonly onLine: (line: SplitLine) => void,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  write(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      if (this.size === 0 && !this.truncated && nl - start <= this.maxBytes) {
        // the usual case: the whole line is in this chunk, decoded without a copy
        const end = nl > start && chunk[nl - 1] === 13 ? nl - 1 : nl;
        this.onLine({ text: chunk.toString('utf8', start, end), truncated: false });
      } else {
        this.append(chunk.subarray(start, nl));
        this.emit();
      }
      start = nl + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  /** Emits the last line when the input did not end with a newline. */
  end(): void {
    if (this.size > 0 || this.truncated) this.emit();
  }

  private append(piece: Buffer): void {
    if (this.truncated || piece.length === 0) return;
    const room = this.maxBytes - this.size;
    if (piece.length <= room) {
      // copied: the caller may reuse its chunk buffer
      this.parts.push(Buffer.from(piece));
      this.size += piece.length;
      return;
    }
    const whole = Buffer.concat([...this.parts, piece.subarray(0, room + 1)]);
    const cut = charBoundary(whole, this.maxBytes);
    this.parts = [whole.subarray(0, cut)];
    this.size = cut;
    this.truncated = true;
  }

  private emit(): void {
    let buf = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    if (!this.truncated && buf.length > 0 && buf[buf.length - 1] === 13) buf = buf.subarray(0, buf.length - 1);
    this.onLine({ text: buf.toString('utf8'), truncated: this.truncated });
    this.parts = [];
    this.size = 0;
    this.truncated = false;
  }
}

/** All lines of a buffer (a file read whole, a test input). */
export function splitLines(data: Buffer, maxBytes = MAX_LINE_BYTES): SplitLine[] {
  const out: SplitLine[] = [];
  const s = new LineSplitter((l) => out.push(l), maxBytes);
  s.write(data);
  s.end();
  return out;
}
