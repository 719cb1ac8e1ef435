import { POW2 } from './bit-writer.js';

/** Thrown when a chunk is shorter than its header says: a corrupt or foreign value under our key. */
export class CorruptChunkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptChunkError';
  }
}

/** Reads what BitWriter wrote. Hot path of every range query, hence the 32-bit word fast path. */
export class BitReader {
  readonly buf: Uint8Array;
  readonly view: DataView;
  readonly endBit: number;
  /** Bit position; public so block decoders can run a local copy in their hot loop. */
  pos: number;

  constructor(buf: Uint8Array, startByte = 0) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = startByte * 8;
    this.endBit = buf.length * 8;
  }

  /** Reads `width` <= 53 bits as a non-negative integer. */
  read(width: number): number {
    if (width <= 25) return this.readSmall(width);
    let value = 0;
    let rest = width;
    while (rest > 0) {
      const piece = rest > 24 ? 24 : rest;
      value = value * POW2[piece]! + this.readSmall(piece);
      rest -= piece;
    }
    return value;
  }

  /**
   * `width` <= 25: a big-endian 32-bit window starting at the current byte always holds the field,
   * because at most 7 bits of that byte were consumed already.
   */
  readSmall(width: number): number {
    if (width === 0) return 0;
    const pos = this.pos;
    const end = pos + width;
    if (end > this.endBit) throw new CorruptChunkError('read past the end of a chunk');
    const b = this.buf;
    const i = pos >>> 3;
    // Reads past the last byte yield undefined, which bit operators treat as 0: safe padding.
    const word = (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!;
    this.pos = end;
    return ((word << (pos & 7)) >>> (32 - width)) >>> 0;
  }

  /** Moves to a byte boundary: chunk columns are byte-aligned, and one reader serves them all. */
  seekByte(offset: number): void {
    this.pos = offset * 8;
  }

  readBit(): number {
    return this.readSmall(1);
  }

  readVarUint(): number {
    return this.read(this.readSmall(6));
  }

  /** Index of the first byte not fully consumed (containers that follow start there). */
  get bytePosition(): number {
    return Math.ceil(this.pos / 8);
  }
}
