import type { Checkpoint } from '../shared/checkpoint.js';
import type { ChainAnchor, ChainHead, ChainWitness } from './chain-anchor.js';
import { GENESIS, sealEntry, sha256, type FileRef, type ManifestEntry } from './manifest-entry.js';
import type { ArchiveStorage } from './storage.js';
import { verifyManifest, type VerifyResult } from './verify.js';

export type ArchiveInput = {
  reportId: string;
  name: string;
  period: { from: number; to: number };
  hosts: string[];
  /** e.g. { pdf: Buffer, html: Buffer, json: Buffer }; the key is the file extension. */
  files: Record<string, Buffer>;
};

export type Archive = {
  put(input: ArchiveInput): Promise<ManifestEntry>;
  list(): Promise<ManifestEntry[]>;
  get(id: string): Promise<ManifestEntry | null>;
  findByReport(reportId: string): Promise<ManifestEntry | null>;
  /**
   * Report entries a user's reference names: its entry id (the hash's head), the full hash, or the
   * report id. More than one match is ambiguous and the caller must say so.
   */
  find(ref: string): Promise<ManifestEntry[]>;
  readFile(entry: ManifestEntry, kind: string): Promise<Buffer | null>;
  filePath(entry: ManifestEntry, kind: string): string | null;
  /** The local path, or where a remote store keeps the file (s3://…): what mail and `archive get` show. */
  fileLocation(entry: ManifestEntry, kind: string): string | null;
  /** Extra witnesses (e.g. `--head` from an email) on top of those the archive was created with. */
  /** `offline`: Redis is known to be unreachable, so the anchor and the ledger's witnesses are not read (and a note says so). */
  verify(opts?: { witnesses?: ChainWitness[]; offline?: boolean }): Promise<VerifyResult>;
  /** The chain head as anchored outside the archive, else the manifest's last entry; null when empty. */
  head(): Promise<ChainHead | null>;
  /** Anchors an entry found on a retry after a crash between its append and its anchoring. */
  anchor(entry: ManifestEntry): Promise<void>;
  /**
   * Removes the files of report entries older than their retention and appends a prune entry for
   * each, so the chain stays verifiable: the pruned entry keeps its line and hash, only its files go.
   */
  prune(opts: { now: number; retentionFor: (entry: ManifestEntry) => number | null; reason: string; dryRun?: boolean }): Promise<ManifestEntry[]>;
};

/**
 * Content-addressed, hash-chained archive. Files are stored by SHA-256; each manifest line carries
 * the previous line's hash, so changing, removing, inserting or reordering any line breaks the chain.
 * With an `anchor`, every appended entry is recorded outside the archive directory too, so a cut
 * tail or a rewritten chain shows; `witnesses` are the heads others saw (the delivery ledger).
 */
export function createArchive(
  storage: ArchiveStorage,
  opts: { checkpoint?: Checkpoint; anchor?: ChainAnchor; witnesses?: () => Promise<ChainWitness[]> } = {},
): Archive {
  const { anchor } = opts;
  /** Under the lock, after appending: the entries that first archive of an anchor needs too. */
  const anchorAppended = async (before: ManifestEntry[], appended: ManifestEntry[]) => {
    if (!anchor) return;
    // The first anchoring of an archive that has history takes that history as it finds it.
    const bootstrap = before.length > 0 && (await anchor.head()) === null ? before : [];
    await anchor.record([...bootstrap, ...appended]);
  };
  const entries = async (): Promise<ManifestEntry[]> =>
    (await storage.readManifest())
      .split('\n')
      .filter((l) => l.trim() !== '')
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as ManifestEntry];
        } catch {
          return [];
        }
      });

  return {
    async put(input) {
      const files: Record<string, FileRef> = {};
      for (const [ext, bytes] of Object.entries(input.files)) {
        const sha = sha256(bytes);
        await storage.putObject(sha, ext, bytes);
        files[ext] = { sha256: sha, bytes: bytes.length, ext };
      }
      await opts.checkpoint?.('archive:before-manifest');
      return storage.withLock(async () => {
        const all = await entries();
        // One entry per report: a worker that was presumed dead and raced its replacement here
        // gets the entry that won (its own files, if different, stay unreferenced).
        const existing = all.find((e) => e.kind === 'report' && e.reportId === input.reportId);
        if (existing) {
          await anchor?.record([existing]);
          return existing;
        }
        await opts.checkpoint?.('archive:chain-locked');
        const last = all[all.length - 1];
        const entry = sealEntry({
          v: 1,
          seq: (last?.seq ?? 0) + 1,
          kind: 'report',
          prev: last?.hash ?? GENESIS,
          createdAt: new Date(Date.now()).toISOString(),
          reportId: input.reportId,
          name: input.name,
          period: { from: new Date(input.period.from).toISOString(), to: new Date(input.period.to).toISOString() },
          hosts: input.hosts,
          files,
        });
        await storage.appendManifest(JSON.stringify(entry));
        await anchorAppended(all, [entry]);
        return entry;
      });
    },
    list: entries,
    async get(id) {
      return (await entries()).find((e) => e.id === id && e.kind === 'report') ?? null;
    },
    async findByReport(reportId) {
      return (await entries()).find((e) => e.reportId === reportId && e.kind === 'report') ?? null;
    },
    async find(ref) {
      return (await entries()).filter((e) => e.kind === 'report' && (e.id === ref || e.hash === ref || e.reportId === ref));
    },
    async readFile(entry, kind) {
      const ref = entry.files?.[kind];
      return ref ? storage.readObject(ref.sha256, ref.ext) : null;
    },
    filePath(entry, kind) {
      const ref = entry.files?.[kind];
      return ref ? storage.localPath(ref.sha256, ref.ext) : null;
    },
    fileLocation(entry, kind) {
      const ref = entry.files?.[kind];
      return ref ? storage.location(ref.sha256, ref.ext) : null;
    },
    async verify(o = {}) {
      // Offline, reading the anchor or the ledger would wait for Redis to come back: check what the files alone can show.
      const known = !o.offline && opts.witnesses ? await opts.witnesses().catch(() => []) : [];
      const result = await verifyManifest({
        text: await storage.readManifest(),
        storage,
        anchor: o.offline ? undefined : anchor,
        witnesses: [...known, ...(o.witnesses ?? [])],
      });
      if (!o.offline || !anchor) return result;
      return {
        ...result,
        notes: [...result.notes, 'the chain head anchored in Redis was not compared: Redis is unreachable, so a cut tail cannot be ruled out until it is back'],
      };
    },
    async head() {
      const anchored = await anchor?.head();
      if (anchored) return anchored;
      const all = await entries();
      const last = all[all.length - 1];
      return last ? { seq: last.seq, hash: last.hash } : null;
    },
    async anchor(entry) {
      await anchor?.record([entry]);
    },
    async prune(opts) {
      return storage.withLock(async () => {
        const all = await entries();
        const pruned = new Set(all.filter((e) => e.kind === 'prune').map((e) => e.prunes));
        const due = all.filter((e) => {
          if (e.kind !== 'report' || pruned.has(e.id)) return false;
          const keep = opts.retentionFor(e);
          return keep !== null && Date.parse(e.createdAt) + keep < opts.now;
        });
        if (opts.dryRun || due.length === 0) return due;
        // Files are content-addressed: one still used by a kept entry must stay.
        const dueIds = new Set(due.map((e) => e.id));
        const stillUsed = new Set(
          all
            .filter((e) => e.kind === 'report' && !pruned.has(e.id) && !dueIds.has(e.id))
            .flatMap((e) => Object.values(e.files ?? {}).map((f) => `${f.sha256}.${f.ext}`)),
        );
        let last = all[all.length - 1];
        const appended: ManifestEntry[] = [];
        for (const e of due) {
          const prune = sealEntry({
            v: 1,
            seq: (last?.seq ?? 0) + 1,
            kind: 'prune',
            prev: last?.hash ?? GENESIS,
            createdAt: new Date(opts.now).toISOString(),
            prunes: e.id,
            reason: opts.reason,
          });
          await storage.appendManifest(JSON.stringify(prune));
          appended.push(prune);
          last = prune;
          for (const f of Object.values(e.files ?? {})) if (!stillUsed.has(`${f.sha256}.${f.ext}`)) await storage.deleteObject(f.sha256, f.ext);
        }
        await anchorAppended(all, appended);
        return due;
      });
    },
  };
}
