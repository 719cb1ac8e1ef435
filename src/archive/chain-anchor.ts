import type { ManifestEntry } from './manifest-entry.js';

/** A chain position: the entry's sequence number and hash (which covers every entry before it). */
export type ChainHead = { seq: number; hash: string };

/**
 * A record of the chain kept outside the archive directory, so that whoever can write there
 * cannot cut its tail or rewrite it unseen: every entry's hash by sequence number, and the head.
 * Anchored hashes are never overwritten; a different hash for an anchored number is evidence.
 */
export type ChainAnchor = {
  /** Anchors entries just appended and moves the head forward. Returns the numbers anchored with another hash before. */
  record(entries: Array<Pick<ManifestEntry, 'seq' | 'hash'>>): Promise<number[]>;
  head(): Promise<ChainHead | null>;
  /** Every anchored sequence number and its hash. */
  all(): Promise<Map<number, string>>;
};

/** Someone other than the anchor who saw the chain at a point: a delivery, an emailed footer. */
export type ChainWitness = ChainHead & { source: string };
