/**
 * Clusters, their positions ("slots") and leaves: the state of the miner and the rules that decide,
 * from the values a position has shown, whether it is a variable. See template-miner.ts for the
 * method as a whole.
 */
import { GLUE, isDelimiterToken, isWildcardToken } from './tokenize.js';

/**
 * A word position that has shown more distinct values than this is a variable. Up to it, the
 * values are kept and the position splits the cluster into one template per value: a few words at
 * one place are more often different messages (`VM Started`, `VM Stopped`, `for container` /
 * `for task`) than a variable, which shows its many values soon enough (user names, host names).
 */
export const MAX_CONSTANT_VALUES = 5;

export type Slot = {
  /** Distinct values seen here; null once more than MAX_CONSTANT_VALUES were seen. */
  values: Set<string> | null;
  /** A delimiter position (`=`, `:`, brackets): never a variable, and no evidence when comparing lines. */
  readonly delimiter: boolean;
  /** The value of a `key=value` pair: two different values make it a variable. */
  readonly afterEquals: boolean;
  /** Decided from the values so far; once true it stays true (values only grow). */
  variable: boolean;
};

/**
 * One template of a cluster: the cluster's tokens with this leaf's values at the constant positions.
 * Leaves merge when a position turns variable; a merged leaf points at the one that took it over.
 */
export type Leaf = {
  readonly cluster: Cluster | null;
  /** The first line's tokens; only the constant positions are read. */
  readonly tokens: string[];
  count: number;
  mergedInto: Leaf | null;
  /** Cached template, valid while the cluster's `version` is `resolvedAt`. */
  resolvedAt: number;
  text: string;
  id: string;
};

export type Cluster = {
  readonly slots: Slot[];
  /** Live leaves by key (their values at the constant positions). */
  readonly leaves: Map<string, Leaf>;
  count: number;
  /** Bumped whenever a position turns variable, which invalidates the leaves' cached texts. */
  version: number;
};

export const newLeaf = (cluster: Cluster | null, tokens: string[]): Leaf => ({ cluster, tokens, count: 0, mergedInto: null, resolvedAt: 0, text: '', id: '' });

export function newCluster(tokens: readonly string[]): Cluster {
  const slots: Slot[] = tokens.map((t, i) => ({
    values: new Set<string>(),
    delimiter: isDelimiterToken(t),
    afterEquals: i > 0 && tokens[i - 1] === `${GLUE}=` && t.charCodeAt(0) === 0,
    variable: false,
  }));
  return { slots, leaves: new Map(), count: 0, version: 1 };
}

/**
 * Holds `/`, `@` or `\` inside: a path, `user@host`, `Class@hash`, `DOMAIN\user`. Dotted names are
 * not enough: `action.SCREEN_ON` and `action.SCREEN_OFF` are as often two messages as one value.
 */
function looksLikeName(v: string): boolean {
  for (let i = 1; i < v.length - 1; i++) {
    const c = v.charCodeAt(i);
    if (c === 47 || c === 64 || c === 92) return true;
  }
  return false;
}

/**
 * Whether a position is a variable, from its values so far: more than MAX_CONSTANT_VALUES of them;
 * or at least two where one is masked (`user 1234`, `user admin`: both values), one looks like a
 * name (a path, `user@host`), or they follow `key=`. Otherwise a few plain words at one place are
 * different messages, and the position splits the cluster.
 */
export function decideVariable(slot: Slot): boolean {
  const values = slot.values;
  if (values === null) return true;
  if (values.size === 1) return isWildcardToken(values.values().next().value as string);
  if (slot.delimiter) return false;
  if (slot.afterEquals) return true;
  for (const v of values) if (isWildcardToken(v) || looksLikeName(v)) return true;
  return false;
}

/**
 * Share of the cluster's constant word positions the tokens match, one of their known values.
 * Variables are no evidence: `generating <*>` and `store <*>` share nothing. -1 when the
 * delimiters differ (`a=b c` and `a b=c` are not the same message). A cluster with no constant
 * word left matches only lines with none either.
 */
export function similarity(c: Cluster, tokens: readonly string[]): number {
  let words = 0;
  let same = 0;
  let lineWords = 0;
  for (let i = 0; i < tokens.length; i++) {
    const slot = c.slots[i]!;
    const t = tokens[i]!;
    if (slot.delimiter) {
      if (slot.values !== null && !slot.values.has(t)) return -1;
      continue;
    }
    if (isDelimiterToken(t)) return -1;
    if (!isWildcardToken(t)) lineWords++;
    if (slot.variable) continue;
    words++;
    if (slot.values!.has(t)) same++;
  }
  if (words === 0) return lineWords === 0 ? 1 : 0;
  return same / words;
}

/** The leaf key: the tokens at the constant word positions. */
export function leafKey(c: Cluster, tokens: readonly string[]): string {
  let key = '';
  for (let i = 0; i < tokens.length; i++) {
    const slot = c.slots[i]!;
    if (!slot.variable && !slot.delimiter) key += `${tokens[i]}\u0001`;
  }
  return key;
}

/** Records the line's values; true when a position turned variable (the leaves need re-keying). */
export function recordValues(c: Cluster, tokens: readonly string[]): boolean {
  let flipped = false;
  for (let i = 0; i < tokens.length; i++) {
    const slot = c.slots[i]!;
    const values = slot.values;
    if (values === null) continue;
    const t = tokens[i]!;
    if (values.has(t)) continue;
    values.add(t);
    if (values.size > MAX_CONSTANT_VALUES) slot.values = null;
    if (!slot.variable && decideVariable(slot)) {
      slot.variable = true;
      flipped = true;
    }
  }
  return flipped;
}

/** After a position turned variable, leaves that now differ nowhere else become one. Returns how many merged away. */
export function rekeyLeaves(c: Cluster): number {
  const old = [...c.leaves.values()];
  c.leaves.clear();
  let merged = 0;
  for (const leaf of old) {
    const key = leafKey(c, leaf.tokens);
    const kept = c.leaves.get(key);
    if (kept) {
      kept.count += leaf.count;
      leaf.mergedInto = kept;
      merged++;
    } else c.leaves.set(key, leaf);
  }
  c.version++;
  return merged;
}

/** The leaf a line was counted in now: leaves merge as positions turn variable. */
export function currentLeaf(leaf: Leaf): Leaf {
  let l = leaf;
  while (l.mergedInto) l = l.mergedInto;
  // path compression: the next look-up from `leaf` is one step
  if (l !== leaf) leaf.mergedInto = l;
  return l;
}
