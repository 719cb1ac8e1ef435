import { findDecimalForm } from './codec/float-column.js';
import { decodeRawChunk, type Samples } from './codec/raw-chunk.js';
import { decodeRecords } from './records.js';

/**
 * Raw samples of one series as time-ordered runs: closed chunks in score order, then the open
 * chunk (always the newest). Each run carries the decimal scale of its values for rollup sums.
 */
export function rawRuns(chunks: readonly Buffer[], open: Buffer | null, opts: { scales: boolean }): Samples[] {
  const runs: Samples[] = chunks.map((c) => decodeRawChunk(c));
  if (open !== null && open.length > 0) {
    const r = decodeRecords(open);
    // Only compaction needs the scale (to keep rollup sums exact); queries skip the extra pass.
    runs.push({ ...r, scale: opts.scales ? (findDecimalForm(r.v)?.scale ?? -1) : -1 });
  }
  return runs;
}
