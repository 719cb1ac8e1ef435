/**
 * The miner's state as plain JSON, so an agent that restarts goes on with what it had learnt: the
 * same lines keep the same templates, and so the same ids, across the restart. It holds no line,
 * only clusters (per position: a few values, or "variable") and one example of tokens per template.
 */
import { z } from 'zod';
import { leafKey, newLeaf, type Cluster, type Slot } from './cluster.js';
import { TemplateMiner, type MinerOptions } from './template-miner.js';

const SNAPSHOT_VERSION = 1;

const ZSlot = z.object({
  values: z.array(z.string().max(4096)).max(64).nullable(),
  delimiter: z.boolean(),
  afterEquals: z.boolean(),
  variable: z.boolean(),
});
const ZLeaf = z.object({ tokens: z.array(z.string().max(4096)).max(1000), count: z.number().int().min(0) });
const ZCluster = z.object({ slots: z.array(ZSlot).max(1000), leaves: z.array(ZLeaf).max(100_000), count: z.number().int().min(0) });
export const ZMinerSnapshot = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  clusters: z.array(ZCluster).max(100_000),
  other: z.number().int().min(0),
});
export type MinerSnapshot = z.infer<typeof ZMinerSnapshot>;

export function snapshotMiner(miner: TemplateMiner): MinerSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    clusters: miner.clusters.map((c) => ({
      slots: c.slots.map((s) => ({ values: s.values ? [...s.values] : null, delimiter: s.delimiter, afterEquals: s.afterEquals, variable: s.variable })),
      leaves: [...c.leaves.values()].map((l) => ({ tokens: l.tokens, count: l.count })),
      count: c.count,
    })),
    other: miner.otherCount,
  };
}

export class MinerSnapshotError extends Error {}

/** A miner with the snapshot's state; throws MinerSnapshotError when it is not one this version wrote. */
export function restoreMiner(raw: unknown, opts: MinerOptions = {}): TemplateMiner {
  const parsed = ZMinerSnapshot.safeParse(raw);
  if (!parsed.success)
    throw new MinerSnapshotError(
      `not a template miner snapshot: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim(),
    );
  const miner = new TemplateMiner(opts);
  for (const c of parsed.data.clusters) {
    const slots: Slot[] = c.slots.map((s) => ({
      values: s.values ? new Set(s.values) : null,
      delimiter: s.delimiter,
      afterEquals: s.afterEquals,
      variable: s.variable,
    }));
    const cluster: Cluster = { slots, leaves: new Map(), count: c.count, version: 1 };
    for (const l of c.leaves) {
      if (l.tokens.length !== slots.length) throw new MinerSnapshotError(`a template has ${l.tokens.length} tokens in a cluster of ${slots.length}`);
      const leaf = newLeaf(cluster, l.tokens);
      leaf.count = l.count;
      cluster.leaves.set(leafKey(cluster, l.tokens), leaf);
    }
    miner.adopt(cluster);
  }
  miner.addOther(parsed.data.other);
  return miner;
}
