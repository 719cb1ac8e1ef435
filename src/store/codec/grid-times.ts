import { CorruptChunkError, type BitReader } from './bit-reader.js';
import { BitWriter } from './bit-writer.js';
import { bestExpGolombOrder, readExpGolomb, writeExpGolomb } from './exp-golomb.js';
import { MAX_ABS_INT, sampledMedianStep } from './int-stream.js';
import { unzigzag, zigzag } from './zigzag.js';

/**
 * Timestamps of a scheduler that fires on a grid: t[i] = t0 + slot[i] * step + jitter[i]. The
 * agent stamps each snapshot with the clock at collection, a few ms after its slot and now and then
 * ~100 ms late. Slots advance by one except across an outage, so only the exceptions are written;
 * the jitter goes in exponential-Golomb codes, about 4-5 bits where 16-sample blocks paid for their
 * worst sample (6-7 bits on recorded agent data).
 *
 * Layout: t0 (zigzag), step, count of slot exceptions, then per exception (index delta, zigzag of
 * slot step - 1), then zigzag of the smallest jitter, 5-bit order k, then n jitter codes.
 */
const MAX_JITTER = 2 ** 40;

export function encodeGridTimes(ts: ArrayLike<number>): Uint8Array | null {
  const n = ts.length;
  if (n < 2) return null;
  const t0 = ts[0]!;
  for (let i = 0; i < n; i++) if (!Number.isSafeInteger(ts[i]) || Math.abs(ts[i]!) >= MAX_ABS_INT) return null;
  const grid = fitGrid(ts);
  if (grid === null) return null;
  const { step, slots } = grid;
  const jitter = new Float64Array(n);
  let jmin = Infinity;
  for (let i = 0; i < n; i++) {
    const j = ts[i]! - t0 - slots[i]! * step;
    jitter[i] = j;
    if (j < jmin) jmin = j;
  }
  for (let i = 0; i < n; i++) jitter[i] = jitter[i]! - jmin;
  // Irregular series give huge "jitter"; the block coder is the right one for them anyway.
  for (let i = 0; i < n; i++) if (jitter[i]! >= MAX_JITTER) return null;
  const { k } = bestExpGolombOrder(jitter);
  const w = new BitWriter();
  w.writeVarUint(zigzag(t0));
  w.writeVarUint(step);
  const exceptions: number[] = [];
  for (let i = 1; i < n; i++) if (slots[i]! - slots[i - 1]! !== 1) exceptions.push(i);
  w.writeVarUint(exceptions.length);
  let prev = 0;
  for (const i of exceptions) {
    w.writeVarUint(i - prev);
    w.writeVarUint(zigzag(slots[i]! - slots[i - 1]! - 1));
    prev = i;
  }
  w.writeVarUint(zigzag(jmin));
  w.write(k, 5);
  for (let i = 0; i < n; i++) writeExpGolomb(w, jitter[i]!, k);
  return w.finish();
}

/**
 * Slots are counted delta by delta with the median step, which an outage cannot skew; rounding
 * each delta keeps the count exact even when the median is a few ms off. The step is then the span
 * over the slots it covers, off by less than a ms, where the median's error would pile up over a
 * chunk (2006 for a 2000 ms grid drifts 3 s over 500 slots).
 */
function fitGrid(ts: ArrayLike<number>): { step: number; slots: Float64Array } | null {
  const n = ts.length;
  const median = sampledMedianStep(ts);
  if (!(median >= 1)) return null;
  const slots = new Float64Array(n);
  for (let i = 1; i < n; i++) slots[i] = slots[i - 1]! + Math.round((ts[i]! - ts[i - 1]!) / median);
  const last = slots[n - 1]!;
  const step = last >= 1 ? Math.round((ts[n - 1]! - ts[0]!) / last) : median;
  return step >= 1 && Number.isSafeInteger(step) ? { step, slots } : null;
}

/** Reads what encodeGridTimes wrote (byte-aligned at `offset`) into `out`; returns the end byte. */
export function decodeGridTimes(r: BitReader, offset: number, n: number, out: Float64Array): number {
  r.seekByte(offset);
  const t0 = unzigzag(r.readVarUint());
  const step = r.readVarUint();
  const count = r.readVarUint();
  if (count >= n) throw new CorruptChunkError(`${count} slot exceptions for ${n} samples`);
  // Slots first (into out), jitter added after: exceptions are sparse and sorted by index.
  let at = 0;
  let slot = 0;
  let nextEx = count > 0 ? r.readVarUint() : n;
  let exLeft = count;
  out[0] = 0;
  for (let i = 1; i < n; i++) {
    if (i === nextEx) {
      slot += unzigzag(r.readVarUint()) + 1;
      at = i;
      exLeft -= 1;
      nextEx = exLeft > 0 ? at + r.readVarUint() : n;
      if (nextEx <= at) throw new CorruptChunkError('slot exceptions out of order');
    } else {
      slot += 1;
    }
    out[i] = slot;
  }
  const base = t0 + unzigzag(r.readVarUint());
  const k = r.readSmall(5);
  for (let i = 0; i < n; i++) out[i] = base + out[i]! * step + readExpGolomb(r, k);
  return r.bytePosition;
}
