import type { Logger } from '../../shared/logger.js';
import { chunkBytes, readLines, type ReadContext } from './file-read.js';
import { scanFiles, type ScanCore } from './file-scan.js';
import { restoreTracked, snapshotState, ZFileSourceState, type TrackedFile } from './file-state.js';
import type { PositionStore } from './position-store.js';
import { createProblems, type Problems } from './problems.js';
import { emptyStats, type LogSource, type SourceBatch, type SourceCheckpoint, type SourceStatus } from './types.js';

export type FileTailerOptions = {
  id: string;
  /** Absolute paths and globs. */
  paths: string[];
  followSymlinks: boolean;
  startAt: 'end' | 'beginning';
  maxLineBytes: number;
  readBytesPerTick: number;
  maxFiles: number;
  rotateWait: number;
  /** A default source (syslog, auth, kern): its files' absence is not worth a warning. */
  optional?: boolean;
  store: PositionStore;
  log: Logger;
  now?: () => number;
};

/**
 * Tails the files one source's globs name. Each `read()` looks at the globs (new files, rotations,
 * truncations), then reads whole lines: rotated files first (they hold the older lines), then the
 * live ones, up to readBytesPerTick. Polling, not inotify: a poll sees renames, truncation and
 * replaced files the same way on every filesystem, and costs one stat per file per interval.
 */
export class FileTailer implements LogSource {
  readonly kind = 'file' as const;
  readonly id: string;
  private readonly core: ScanCore;
  private readonly problems: Problems;
  private pending: SourceBatch | null = null;
  private reading: Promise<SourceBatch | null> | null = null;
  private seq = 0;
  private dirty = false;
  private rr = 0;
  private buf: Buffer | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: FileTailerOptions) {
    this.id = opts.id;
    this.now = opts.now ?? Date.now;
    this.problems = createProblems({ log: opts.log, source: opts.id });
    this.core = {
      id: opts.id,
      paths: opts.paths,
      followSymlinks: opts.followSymlinks,
      startAt: opts.startAt,
      maxFiles: opts.maxFiles,
      rotateWait: opts.rotateWait,
      optional: opts.optional ?? false,
      files: new Map(),
      knownPatterns: new Set(),
      lastMatch: new Map(),
      problems: this.problems,
      log: opts.log,
      markDirty: () => void (this.dirty = true),
    };
  }

  async start(): Promise<void> {
    let saved: unknown = null;
    try {
      saved = await this.opts.store.load(this.id);
    } catch (err) {
      this.opts.log.warn(
        { source: this.id, err: (err as Error).message },
        `log source ${this.id}: its saved positions cannot be read; starting as on a first run`,
      );
    }
    const parsed = saved === null ? null : ZFileSourceState.safeParse(saved);
    if (parsed && !parsed.success)
      this.opts.log.warn({ source: this.id }, `log source ${this.id}: its saved positions are not in the expected form; starting as on a first run`);
    if (parsed?.success) {
      for (const t of restoreTracked(parsed.data)) this.core.files.set(t.id, t);
      for (const p of parsed.data.patterns) this.core.knownPatterns.add(p);
    }
    // The start itself is a position (files at their end): saved with the first commit.
    this.dirty = this.opts.paths.some((p) => !this.core.knownPatterns.has(p));
  }

  read(): Promise<SourceBatch | null> {
    // One read at a time: two overlapping reads would hand out the same lines twice.
    this.reading ??= this.readOnce().finally(() => (this.reading = null));
    return this.reading;
  }

  private async readOnce(): Promise<SourceBatch | null> {
    if (this.pending) return this.pending;
    const now = this.now();
    await scanFiles(this.core, now);
    this.buf ??= Buffer.allocUnsafe(chunkBytes(this.opts.maxLineBytes));
    const ctx: ReadContext = { maxLineBytes: this.opts.maxLineBytes, buf: this.buf, out: [], stats: emptyStats() };
    await this.readAll(now, ctx);
    if (ctx.out.length === 0 && !this.dirty) return null;
    this.dirty = false;
    const checkpoint: SourceCheckpoint = { source: this.id, seq: ++this.seq, state: snapshotState([...this.core.knownPatterns], this.core.files.values()) };
    this.pending = { kind: 'file', source: this.id, lines: ctx.out, checkpoint, stats: ctx.stats };
    return this.pending;
  }

  async commit(checkpoint: SourceCheckpoint, opts: { saved?: boolean } = {}): Promise<void> {
    if (!this.pending || checkpoint.seq !== this.pending.checkpoint.seq || checkpoint.source !== this.id) {
      throw new Error(`log source ${this.id}: commit of checkpoint ${checkpoint.source}#${checkpoint.seq}, which is not the pending batch`);
    }
    // Saved first: if the save fails the batch stays pending and is delivered again.
    if (!opts.saved) await this.opts.store.save(this.id, checkpoint.state);
    this.pending = null;
  }

  status(): SourceStatus {
    const open = [...this.core.files.values()].filter((f) => f.fh !== null).length;
    return { source: this.id, kind: 'file', available: open > 0, problems: this.problems.list(), files: open };
  }

  async close(): Promise<void> {
    for (const f of this.core.files.values()) {
      await f.fh?.close().catch(() => undefined);
      f.fh = null;
    }
  }

  private async readAll(now: number, ctx: ReadContext): Promise<void> {
    const all = [...this.core.files.values()];
    const rotated = all.filter((f) => f.rotatedAt !== null).sort((a, b) => (a.rotatedAt ?? 0) - (b.rotatedAt ?? 0));
    const live = all.filter((f) => f.rotatedAt === null);
    // Live files take turns at going first, so one busy file cannot starve the others of the budget.
    const start = live.length > 0 ? this.rr++ % live.length : 0;
    let left = this.opts.readBytesPerTick;
    for (const f of [...rotated, ...live.slice(start), ...live.slice(0, start)]) {
      if (!f.fh) continue;
      try {
        left -= await this.readFile(f, now, left, ctx);
        this.problems.clear(`readerr:${f.id}`);
      } catch (err) {
        this.problems.raise(
          `readerr:${f.id}`,
          `log source ${this.id}: reading ${f.path} failed (${(err as NodeJS.ErrnoException).code ?? String(err)}); retrying every interval`,
        );
      }
    }
  }

  private async readFile(f: TrackedFile, now: number, left: number, ctx: ReadContext): Promise<number> {
    const size = Number((await f.fh!.stat()).size);
    if (f.rotatedAt !== null && size < f.offset) {
      // A rotated file cut short under us: nothing past its end to read.
      f.offset = size;
      f.skipping = false;
      this.dirty = true;
    }
    const expired = f.rotatedAt !== null && now - f.rotatedAt >= this.opts.rotateWait;
    const used = left > 0 ? await readLines(f, size, left, expired, ctx) : 0;
    if (used > 0) this.dirty = true;
    if (expired && f.offset >= size) await this.drop(f);
    return used;
  }

  private async drop(f: TrackedFile): Promise<void> {
    await f.fh?.close().catch(() => undefined);
    this.core.files.delete(f.id);
    this.dirty = true;
  }
}
