/** Powers of two up to 2^53 as exact doubles: shifts beyond 31 bits cannot use JS bit operators. */
export const POW2: readonly number[] = Array.from({ length: 54 }, (_, i) => 2 ** i);

/**
 * Appends bit fields MSB-first to a growable byte array. Values are non-negative integers of up to
 * 53 bits held in doubles, so 64-bit payloads (XOR of doubles) are written as two 32-bit halves.
 */
export class BitWriter {
  private buf: Uint8Array;
  private bytePos = 0;
  /** Pending bits not yet flushed to `buf`, always fewer than 8. */
  private acc = 0;
  private accBits = 0;

  constructor(initialBytes = 256) {
    this.buf = new Uint8Array(initialBytes);
  }

  /** Writes the low `width` bits of `value` (0 <= value < 2^width, width <= 53). */
  write(value: number, width: number): void {
    if (width <= 24) {
      this.writeSmall(value, width);
      return;
    }
    // Up to three pieces of at most 24 bits, most significant first.
    let rest = width;
    while (rest > 24) {
      const piece = rest - 24 > 24 ? 24 : rest - 24;
      const shift = rest - piece;
      const top = Math.floor(value / POW2[shift]!);
      this.writeSmall(top, piece);
      value -= top * POW2[shift]!;
      rest = shift;
    }
    this.writeSmall(value, rest);
  }

  /** `width` <= 24 keeps `acc` (< 8 pending bits + 24 new) inside 32-bit integer operations. */
  private writeSmall(value: number, width: number): void {
    if (width === 0) return;
    this.ensure(4);
    let acc = (this.acc << width) | value;
    let bits = this.accBits + width;
    while (bits >= 8) {
      bits -= 8;
      this.buf[this.bytePos++] = (acc >>> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
    this.acc = acc;
    this.accBits = bits;
  }

  writeBit(bit: 0 | 1): void {
    this.writeSmall(bit, 1);
  }

  /** Unsigned integer < 2^53 with a 6-bit length prefix: small headers stay small. */
  writeVarUint(value: number): void {
    const width = bitWidth(value);
    this.writeSmall(width, 6);
    this.write(value, width);
  }

  /** Bytes written so far, the last partial byte padded with zero bits. */
  finish(): Uint8Array {
    if (this.accBits > 0) {
      this.ensure(1);
      this.buf[this.bytePos++] = (this.acc << (8 - this.accBits)) & 0xff;
      this.acc = 0;
      this.accBits = 0;
    }
    return this.buf.subarray(0, this.bytePos);
  }

  private ensure(extra: number): void {
    if (this.bytePos + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.bytePos + extra));
    next.set(this.buf.subarray(0, this.bytePos));
    this.buf = next;
  }
}

/** Number of bits needed for a non-negative integer < 2^53 (0 needs 0 bits). */
export function bitWidth(value: number): number {
  if (value < 4294967296) return 32 - Math.clz32(value);
  return 32 + (32 - Math.clz32(Math.floor(value / 4294967296)));
}
