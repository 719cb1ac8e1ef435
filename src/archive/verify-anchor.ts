import type { ChainAnchor, ChainHead, ChainWitness } from './chain-anchor.js';
import type { ManifestEntry } from './manifest-entry.js';

export type VerifyProblem = { line: number | null; id: string | null; problem: string };

type Parsed = Array<{ line: number; entry: ManifestEntry }>;

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** "#3", "#3–#5": consecutive numbers as ranges. */
function ranges(seqs: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < seqs.length;) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === seqs[j]! + 1) j++;
    out.push(i === j ? `#${seqs[i]}` : `#${seqs[i]}–#${seqs[j]}`);
    i = j + 1;
  }
  return out;
}

/**
 * Compares the manifest with the chain as recorded outside it: the anchor (every entry's hash and
 * the head, in Redis) and witnesses (the heads deliveries saw, a head from a received email).
 * The manifest alone cannot show a cut tail: the lines left still chain. These can.
 */
export async function checkAnchors(o: {
  parsed: Parsed;
  anchor?: ChainAnchor;
  witnesses: ChainWitness[];
}): Promise<{ problems: VerifyProblem[]; notes: string[]; anchored: ChainHead | null }> {
  const problems: VerifyProblem[] = [];
  const notes: string[] = [];
  const bySeq = new Map(o.parsed.map((p) => [p.entry.seq, p]));
  const lastSeq = o.parsed.reduce((m, p) => Math.max(m, p.entry.seq), 0);
  const named = new Set<number>();
  let anchored: ChainHead | null = null;

  if (!o.anchor) notes.push('no chain anchor (Redis) was consulted: a cut tail cannot be seen; pass --head SEQ:HASH from a report email to check one');
  else {
    let all: Map<number, string> | null = null;
    try {
      [all, anchored] = await Promise.all([o.anchor.all(), o.anchor.head()]);
    } catch (err) {
      notes.push(`the chain anchor in Redis could not be read (${(err as Error).message}): a cut tail cannot be seen`);
    }
    if (all && all.size === 0) notes.push('no chain head is anchored in Redis yet (it is with the next archived report): a cut tail cannot be seen');
    if (all && all.size > 0) {
      const missing = [...all.keys()].filter((s) => !bySeq.has(s)).sort((a, b) => a - b);
      const tail = missing.filter((s) => s > lastSeq);
      const inner = missing.filter((s) => s <= lastSeq);
      if (tail.length > 0 && anchored) {
        problems.push({
          line: null,
          id: null,
          problem: `entries ${ranges(tail).join(', ')} are missing: the chain head anchored in Redis is #${anchored.seq} (${short(anchored.hash)}) but the manifest ends at ${lastSeq ? `#${lastSeq}` : 'nothing'} (its tail was cut)`,
        });
      }
      if (inner.length > 0)
        problems.push({ line: null, id: null, problem: `entries ${ranges(inner).join(', ')} are anchored in Redis but missing from the manifest (deleted)` });
      missing.forEach((s) => named.add(s));
      for (const { line, entry } of o.parsed) {
        const want = all.get(entry.seq);
        if (want === undefined) {
          problems.push({
            line,
            id: entry.id,
            problem: `entry #${entry.seq} is not anchored in Redis: appended after the last anchored head${anchored ? ` #${anchored.seq}` : ''}, by a worker that died before anchoring it or by someone writing to the archive directly`,
          });
        } else if (want !== entry.hash) {
          named.add(entry.seq);
          problems.push({
            line,
            id: entry.id,
            problem: `entry #${entry.seq} does not match the hash anchored in Redis (${short(want)}): the chain was rewritten from here`,
          });
        }
      }
    }
  }

  // Each (seq, hash) once, naming who saw it; entries the anchor already named are not repeated.
  const seen = new Map<string, { w: ChainWitness; more: number }>();
  for (const w of o.witnesses) {
    const k = `${w.seq}:${w.hash}`;
    const s = seen.get(k);
    if (s) s.more++;
    else seen.set(k, { w, more: 0 });
  }
  for (const { w, more } of seen.values()) {
    if (named.has(w.seq)) continue;
    const who = `${w.source}${more > 0 ? ` (and ${more} more)` : ''}`;
    const p = bySeq.get(w.seq);
    if (!p)
      problems.push({
        line: null,
        id: null,
        problem: `entry #${w.seq}, which ${who} saw as the chain head (${short(w.hash)}), is missing: the manifest ends at ${lastSeq ? `#${lastSeq}` : 'nothing'} (its tail was cut)`,
      });
    else if (p.entry.hash !== w.hash)
      problems.push({
        line: p.line,
        id: p.entry.id,
        problem: `entry #${w.seq} does not match the hash ${who} saw (${short(w.hash)}): the chain was rewritten`,
      });
  }
  return { problems, notes, anchored };
}
