import type { ChainAnchor, ChainHead, ChainWitness } from './chain-anchor.js';
import { entryHash, GENESIS, sha256, type ManifestEntry } from './manifest-entry.js';
import type { ArchiveStorage } from './storage.js';
import { checkAnchors, type VerifyProblem } from './verify-anchor.js';

export type { VerifyProblem };
export type VerifyResult = {
  ok: boolean;
  entries: number;
  problems: VerifyProblem[];
  /** The manifest's last entry, and the head anchored outside it (null when none was read). */
  head: ChainHead | null;
  anchored: ChainHead | null;
  witnesses: number;
  /** What could not be checked, said plainly. */
  notes: string[];
};

/**
 * Walks the manifest from the first line: every line must parse, hash to its recorded hash, carry
 * the previous line's hash and the next sequence number, and every file it names must still hash
 * to its recorded SHA-256 (unless a later prune entry removed it on purpose). Then the chain is
 * compared with its anchor and witnesses, which is what shows a cut tail (verify-anchor.ts).
 */
export async function verifyManifest(opts: { text: string; storage: ArchiveStorage; anchor?: ChainAnchor; witnesses?: ChainWitness[] }): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  const lines = opts.text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const parsed: Array<{ line: number; entry: ManifestEntry }> = [];
  let prevHash = GENESIS;
  let expectSeq = 1;
  lines.forEach((raw, i) => {
    const line = i + 1;
    let entry: ManifestEntry;
    try {
      entry = JSON.parse(raw) as ManifestEntry;
    } catch {
      problems.push({ line, id: null, problem: 'line is not valid JSON (modified)' });
      return;
    }
    const { hash, id, ...body } = entry;
    const recomputed = entryHash(body);
    if (recomputed !== hash || id !== hash.slice(0, 16)) problems.push({ line, id, problem: 'entry content does not match its hash (modified)' });
    if (entry.prev !== prevHash) problems.push({ line, id, problem: 'previous-hash link is broken (an entry before it was deleted, inserted or reordered)' });
    if (entry.seq !== expectSeq) problems.push({ line, id, problem: `sequence ${entry.seq} where ${expectSeq} was expected (deleted, inserted or reordered)` });
    prevHash = hash;
    expectSeq = entry.seq + 1;
    parsed.push({ line, entry });
  });
  const pruned = new Set(parsed.filter((p) => p.entry.kind === 'prune' && p.entry.prunes).map((p) => p.entry.prunes));
  for (const { line, entry } of parsed) {
    if (entry.kind !== 'report' || pruned.has(entry.id)) continue;
    for (const [kind, ref] of Object.entries(entry.files ?? {})) {
      const bytes = await opts.storage.readObject(ref.sha256, ref.ext);
      if (!bytes) problems.push({ line, id: entry.id, problem: `${kind} file ${ref.sha256} is missing (deleted)` });
      else if (sha256(bytes) !== ref.sha256) problems.push({ line, id: entry.id, problem: `${kind} file ${ref.sha256} does not match its hash (modified)` });
    }
  }
  const anchors = await checkAnchors({ parsed, anchor: opts.anchor, witnesses: opts.witnesses ?? [] });
  problems.push(...anchors.problems);
  const last = parsed[parsed.length - 1]?.entry;
  return {
    ok: problems.length === 0,
    entries: parsed.length,
    problems,
    head: last ? { seq: last.seq, hash: last.hash } : null,
    anchored: anchors.anchored,
    witnesses: opts.witnesses?.length ?? 0,
    notes: anchors.notes,
  };
}
