import { currentLeaf, leafKey, newCluster, newLeaf, recordValues, rekeyLeaves, similarity, type Cluster, type Leaf } from './cluster.js';
import { OTHER_ID, OTHER_TEMPLATE, templateId } from './template-id.js';
import { GLUE, WILDCARD, templateText, tokenize } from './tokenize.js';

/** Options of the miner. One default serves every source: nobody tunes a threshold per log file. */
export type MinerOptions = {
  /**
   * Most templates kept per source; a line that would make one more is counted in the "other"
   * bucket, which bounds memory whatever a source logs.
   * @defaultValue 1000
   */
  maxTemplates?: number;
};

export const DEFAULT_MAX_TEMPLATES = 1000;

/**
 * Share of a cluster's constant word positions a line must match to join it. Joining generously
 * costs little: a cluster that caught two messages splits them again on the positions where they
 * differ. Too generous, and short messages that share one word (`boot (command 1)`,
 * `risBoot (command 2)`) pile up until their differing position has shown enough values to pass
 * for a variable.
 */
export const JOIN_SIMILARITY = 0.6;

/** Only the first line of an entry, and its first 4 KiB, make its template: a stack trace does not. */
export const MAX_MINED_CHARS = 4096;

/** Distinct masked lines remembered for the fast path; a bound on memory, not on accuracy. */
const SEEN_CACHE = 20_000;

/** A template as reported: text with `<*>` for variables, its stable id and the lines it counted. */
export type MinedTemplate = { id: string; template: string; count: number };

/** The part of a message that is mined: its first line, at most MAX_MINED_CHARS. */
export function minedText(message: string): string {
  const nl = message.indexOf('\n');
  const first = nl >= 0 ? message.slice(0, nl) : message;
  return first.length > MAX_MINED_CHARS ? first.slice(0, MAX_MINED_CHARS) : first;
}

/**
 * Online template miner for one source: one pass, bounded memory, one setting for every source.
 *
 * 1. `tokenize` masks what is a variable by its shape (numbers, ids, paths, URLs, hex, booleans).
 * 2. Lines of the same token count form clusters: a line joins the cluster whose constant words
 *    it matches best, if it matches at least JOIN_SIMILARITY of them (Drain's idea, without its
 *    tree: the count-keyed bucket and a cache of lines already seen do that job).
 * 3. Each cluster keeps the distinct values of each position (up to MAX_CONSTANT_VALUES). A
 *    position is a variable once it has shown many values, a masked value beside words, a
 *    path-like value, or two values after `key=`. Its other positions are constants, and a cluster
 *    with several values at a constant position holds one template ("leaf") per value.
 *
 * Step 3 is decided on the values so far, so a line's template is known when asked for
 * (`resolve`), not fixed when the line arrives: `Failed password for root` becomes
 * `Failed password for <*>` once enough users have failed. Memory is bounded by `maxTemplates`
 * leaves, each with at most MAX_CONSTANT_VALUES values per position.
 */
export class TemplateMiner {
  private readonly buckets = new Map<number, Cluster[]>();
  private readonly clusterList: Cluster[] = [];
  private readonly other: Leaf = { ...newLeaf(null, [OTHER_TEMPLATE]), text: OTHER_TEMPLATE, id: OTHER_ID };
  private readonly maxTemplates: number;
  private liveLeaves = 0;
  /** Masked lines seen, to their leaf: a repeat skips the cluster search. Bounded: cleared when full. */
  private readonly seen = new Map<string, Leaf>();

  constructor(opts: MinerOptions = {}) {
    this.maxTemplates = opts.maxTemplates ?? DEFAULT_MAX_TEMPLATES;
  }

  /** Adds one message (its first line is mined) and returns its leaf; `resolve(leaf)` gives its template. */
  add(message: string): Leaf {
    const tokens = tokenize(minedText(message));
    const exact = tokens.join('\u0001');
    const seen = this.seen.get(exact);
    if (seen) {
      const leaf = currentLeaf(seen);
      leaf.count++;
      leaf.cluster!.count++;
      return leaf;
    }
    const leaf = this.place(tokens);
    if (leaf !== this.other) {
      if (this.seen.size >= SEEN_CACHE) this.seen.clear();
      this.seen.set(exact, leaf);
    }
    return leaf;
  }

  /** The template of a leaf, with what the miner knows now. */
  resolve(leaf: Leaf): { id: string; template: string } {
    const l = currentLeaf(leaf);
    const c = l.cluster;
    if (c && l.resolvedAt !== c.version) {
      const out = l.tokens.map((t, i) => (c.slots[i]!.variable ? (t.charCodeAt(0) === 0 ? GLUE + WILDCARD : WILDCARD) : t));
      l.text = templateText(out);
      l.id = templateId(l.text);
      l.resolvedAt = c.version;
    }
    return { id: l.id, template: l.text };
  }

  /** Every template with its count, most frequent first; lines past the cap are in `other`. */
  templates(): MinedTemplate[] {
    const byId = new Map<string, MinedTemplate>();
    const leaves = this.clusterList.flatMap((c) => [...c.leaves.values()]);
    if (this.other.count > 0) leaves.push(this.other);
    for (const leaf of leaves) {
      const { id, template } = this.resolve(leaf);
      const t = byId.get(id);
      if (t) t.count += leaf.count;
      else byId.set(id, { id, template, count: leaf.count });
    }
    return [...byId.values()].sort((a, b) => b.count - a.count || (a.template < b.template ? -1 : 1));
  }

  /** Templates held now (live leaves), at most `maxTemplates`. */
  get size(): number {
    return this.liveLeaves;
  }

  /** The clusters, for the snapshot. */
  get clusters(): readonly Cluster[] {
    return this.clusterList;
  }

  get otherCount(): number {
    return this.other.count;
  }

  /** Puts back a cluster read from a snapshot (see miner-snapshot.ts). */
  adopt(cluster: Cluster): void {
    this.bucketFor(cluster.slots.length).push(cluster);
    this.clusterList.push(cluster);
    this.liveLeaves += cluster.leaves.size;
  }

  /** Puts back the snapshot's count of lines past the cap. */
  addOther(count: number): void {
    this.other.count += count;
  }

  private bucketFor(length: number): Cluster[] {
    let bucket = this.buckets.get(length);
    if (!bucket) {
      bucket = [];
      this.buckets.set(length, bucket);
    }
    return bucket;
  }

  private place(tokens: string[]): Leaf {
    const bucket = this.bucketFor(tokens.length);
    let cluster = bestCluster(bucket, tokens);
    if (!cluster) {
      if (this.liveLeaves >= this.maxTemplates) return this.countOther();
      cluster = newCluster(tokens);
      bucket.push(cluster);
      this.clusterList.push(cluster);
    }
    if (recordValues(cluster, tokens)) this.liveLeaves -= rekeyLeaves(cluster);
    const key = leafKey(cluster, tokens);
    let leaf = cluster.leaves.get(key);
    if (!leaf) {
      if (this.liveLeaves >= this.maxTemplates) return this.countOther();
      leaf = newLeaf(cluster, tokens);
      cluster.leaves.set(key, leaf);
      this.liveLeaves++;
    }
    cluster.count++;
    leaf.count++;
    return leaf;
  }

  private countOther(): Leaf {
    this.other.count++;
    return this.other;
  }
}

function bestCluster(bucket: readonly Cluster[], tokens: readonly string[]): Cluster | undefined {
  let best: Cluster | undefined;
  let bestScore = -1;
  for (const c of bucket) {
    const score = similarity(c, tokens);
    if (score > bestScore || (score === bestScore && best && c.count > best.count)) {
      bestScore = score;
      best = c;
    }
  }
  return best && bestScore >= JOIN_SIMILARITY ? best : undefined;
}
