import { OTHER_ID, OTHER_TEMPLATE, templateId } from './template-id.js';
import { WILDCARD, bare, templateText, tokenize } from './tokenize.js';

/** Options of the miner. One default serves every source: nobody tunes a threshold per log file. */
export type MinerOptions = {
  /**
   * Most templates kept per source; lines that would make more are counted in the "other" bucket,
   * which bounds memory whatever a source logs.
   * @defaultValue 1000
   */
  maxTemplates?: number;
  /**
   * Share of a template's constant word positions a line must match to join it.
   * @defaultValue 0.5
   */
  similarity?: number;
};

/** One group of lines. Its template generalises (more `<*>`) as lines join; its id follows the text. */
export type Cluster = {
  tokens: string[];
  count: number;
  /** Cached text and id, cleared when the tokens change. */
  text?: string;
  id?: string;
};

export const DEFAULT_MAX_TEMPLATES = 1000;
export const DEFAULT_SIMILARITY = 0.5;

const isWildcard = (t: string): boolean => t === WILDCARD || (t.charCodeAt(0) === 0 && t.slice(1) === WILDCARD);

/** A delimiter token (`=`, `:`, brackets): never a variable, and not counted as evidence of a match. */
const isPunct = (t: string): boolean => bare(t).length === 1 && '=:,;()[]{}'.includes(bare(t));

/**
 * Online template miner for one source: one pass, bounded memory.
 *
 * Lines are first bucketed by token count and first token (masked), the cheap part that Drain's
 * fixed-depth tree does; within a bucket the line joins the most similar cluster over the constant
 * word positions, or starts a new one. Masking digits, paths and URLs beforehand (see tokenize) is
 * what lets a single similarity setting work across very different logs.
 */
export class TemplateMiner {
  private readonly buckets = new Map<string, Cluster[]>();
  private readonly all: Cluster[] = [];
  private readonly other: Cluster = { tokens: [OTHER_TEMPLATE], count: 0, text: OTHER_TEMPLATE, id: OTHER_ID };
  private readonly maxTemplates: number;
  private readonly similarity: number;

  constructor(opts: MinerOptions = {}) {
    this.maxTemplates = opts.maxTemplates ?? DEFAULT_MAX_TEMPLATES;
    this.similarity = opts.similarity ?? DEFAULT_SIMILARITY;
  }

  /** Adds one message and returns its cluster (the "other" bucket when the cap is reached). */
  add(message: string): Cluster {
    const tokens = tokenize(message);
    const key = `${tokens.length}\u0001${tokens.length > 0 ? bare(tokens[0]!) : ''}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = [];
      this.buckets.set(key, bucket);
    }
    const best = this.bestMatch(bucket, tokens);
    if (best) {
      this.merge(best, tokens);
      best.count++;
      return best;
    }
    if (this.all.length >= this.maxTemplates) {
      this.other.count++;
      return this.other;
    }
    const cluster: Cluster = { tokens, count: 1 };
    bucket.push(cluster);
    this.all.push(cluster);
    return cluster;
  }

  /** The clusters so far, the "other" bucket last when it counted anything. */
  clusters(): Cluster[] {
    return this.other.count > 0 ? [...this.all, this.other] : [...this.all];
  }

  private bestMatch(bucket: Cluster[], tokens: string[]): Cluster | undefined {
    let best: Cluster | undefined;
    let bestScore = -1;
    for (const c of bucket) {
      const score = similarity(c.tokens, tokens);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best && bestScore >= this.similarity ? best : undefined;
  }

  private merge(c: Cluster, tokens: string[]): void {
    let changed = false;
    for (let i = 0; i < c.tokens.length; i++) {
      const t = c.tokens[i]!;
      if (t !== tokens[i] && !isWildcard(t)) {
        c.tokens[i] = t.charCodeAt(0) === 0 ? `\u0000${WILDCARD}` : WILDCARD;
        changed = true;
      }
    }
    if (changed) {
      c.text = undefined;
      c.id = undefined;
    }
  }
}

/**
 * Share of the template's constant word positions the line matches. A template already all
 * variables matches anything of its shape (score 1): there is nothing left to disagree on.
 */
export function similarity(template: readonly string[], tokens: readonly string[]): number {
  let constants = 0;
  let same = 0;
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    if (isWildcard(t) || isPunct(t)) continue;
    constants++;
    if (t === tokens[i]) same++;
  }
  return constants === 0 ? 1 : same / constants;
}

/** The template text of a cluster, with runs of glued `<*>` kept as the line had them. */
export function clusterText(c: Cluster): string {
  c.text ??= templateText(c.tokens);
  return c.text;
}

export function clusterId(c: Cluster): string {
  c.id ??= templateId(clusterText(c));
  return c.id;
}
