import type { BitReader } from './bit-reader.js';
import type { BitWriter } from './bit-writer.js';

/**
 * Gorilla XOR encoding (Pelkonen et al., VLDB 2015): the fallback for values without a short decimal
 * form (full-precision ratios, NaN, -0). Lossless for every double bit pattern the platform keeps.
 */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export function encodeXor(w: BitWriter, vs: ArrayLike<number>): void {
  const n = vs.length;
  if (n === 0) return;
  f64[0] = vs[0]!;
  let ph = u32[HI]!;
  let pl = u32[LO]!;
  w.write(ph, 32);
  w.write(pl, 32);
  let prevLead = -1;
  let prevTrail = 0;
  for (let i = 1; i < n; i++) {
    f64[0] = vs[i]!;
    const h = u32[HI]!;
    const l = u32[LO]!;
    const xh = (h ^ ph) >>> 0;
    const xl = (l ^ pl) >>> 0;
    ph = h;
    pl = l;
    if (xh === 0 && xl === 0) {
      w.writeBit(0);
      continue;
    }
    const lead = Math.min(31, xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl));
    const trail = xl !== 0 ? ctz32(xl) : 32 + ctz32(xh);
    if (prevLead >= 0 && lead >= prevLead && trail >= prevTrail) {
      w.write(0b10, 2);
      writeShifted(w, xh, xl, prevTrail, 64 - prevLead - prevTrail);
      continue;
    }
    const meaningful = 64 - lead - trail;
    w.write(0b11, 2);
    w.write(lead, 5);
    w.write(meaningful - 1, 6);
    writeShifted(w, xh, xl, trail, meaningful);
    prevLead = lead;
    prevTrail = trail;
  }
}

export function decodeXor(r: BitReader, n: number, out: Float64Array): void {
  if (n === 0) return;
  let ph = r.read(32);
  let pl = r.read(32);
  out[0] = toDouble(ph, pl);
  let lead = 0;
  let trail = 0;
  for (let i = 1; i < n; i++) {
    if (r.readBit() === 0) {
      out[i] = out[i - 1]!;
      continue;
    }
    if (r.readBit() === 1) {
      lead = r.readSmall(5);
      trail = 64 - lead - (r.readSmall(6) + 1);
    }
    const m = 64 - lead - trail;
    const sh = m > 32 ? r.read(m - 32) : 0;
    const sl = r.read(Math.min(m, 32));
    let xh: number;
    let xl: number;
    if (trail >= 32) {
      xh = (sl << (trail - 32)) >>> 0;
      xl = 0;
    } else if (trail === 0) {
      xh = sh;
      xl = sl;
    } else {
      xh = ((sh << trail) | (sl >>> (32 - trail))) >>> 0;
      xl = (sl << trail) >>> 0;
    }
    ph = (ph ^ xh) >>> 0;
    pl = (pl ^ xl) >>> 0;
    out[i] = toDouble(ph, pl);
  }
}

function writeShifted(w: BitWriter, xh: number, xl: number, shift: number, width: number): void {
  let sh: number;
  let sl: number;
  if (shift >= 32) {
    sh = 0;
    sl = xh >>> (shift - 32);
  } else if (shift === 0) {
    sh = xh;
    sl = xl;
  } else {
    sh = xh >>> shift;
    sl = ((xl >>> shift) | (xh << (32 - shift))) >>> 0;
  }
  if (width > 32) {
    w.write(sh, width - 32);
    w.write(sl, 32);
    return;
  }
  w.write(sl, width);
}

function toDouble(h: number, l: number): number {
  u32[HI] = h;
  u32[LO] = l;
  return f64[0]!;
}
