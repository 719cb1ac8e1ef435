import { z } from 'zod';
import type { Logger } from '../../shared/logger.js';
import { newestCursor } from './journal-anchor.js';
import { journalMode, readArgs, sinceOfCursor, type JournalWhere } from './journal-args.js';
import { JournalProcess, type JournalExit } from './journal-process.js';
import { toJournalRecord } from './journal-record.js';
import type { JsonLine } from './json-lines.js';
import type { PositionStore } from './position-store.js';
import { createProblems, type Problems } from './problems.js';
import { emptyStats, type BatchStats, type JournalRecord, type LogSource, type SourceBatch, type SourceCheckpoint, type SourceStatus } from './types.js';

export type JournalSourceOptions = JournalWhere & {
  startAt: 'end' | 'beginning';
  journalctl: string;
  maxLineBytes: number;
  readBytesPerTick: number;
  store: PositionStore;
  log: Logger;
  /** Waits before restarting journalctl after a failure: doubling from `initial` up to `max` (ms). */
  retry?: { initial: number; max: number };
  now?: () => number;
};

const ZJournalState = z.object({ v: z.literal(1), cursor: z.string().min(1).nullable() });

type Queued = { record: JournalRecord; bytes: number; invalidUtf8: boolean };

/**
 * The systemd journal through `journalctl -o json`, resumed after a saved cursor. The child runs
 * ahead of the consumer by at most twice readBytesPerTick (then its pipe is left full); it is
 * restarted after a crash, from the last entry it delivered, with a doubling wait.
 */
export class JournalSource implements LogSource {
  readonly id = 'journal';
  readonly kind = 'journal' as const;
  private readonly problems: Problems;
  private readonly now: () => number;
  private readonly retry: { initial: number; max: number };
  private proc: JournalProcess | null = null;
  private queue: Queued[] = [];
  private queuedBytes = 0;
  private unparsable = 0;
  /** Position of the last entry put in a batch (or anchored at). */
  private cursor: string | null = null;
  /** Position of the last entry parsed from journalctl (maybe still queued): where a restart resumes. */
  private readCursor: string | null = null;
  private since: string | null = null;
  private needAnchor = false;
  private dirty = false;
  private pending: SourceBatch | null = null;
  private reading: Promise<SourceBatch | null> | null = null;
  private seq = 0;
  private nextSpawnAt = 0;
  private backoff: number;
  private closing = false;
  private failing = false;
  private spawnedAt = 0;

  constructor(private readonly opts: JournalSourceOptions) {
    this.problems = createProblems({ log: opts.log, source: this.id });
    this.now = opts.now ?? Date.now;
    this.retry = opts.retry ?? { initial: 1000, max: 300_000 };
    this.backoff = this.retry.initial;
  }

  async start(): Promise<void> {
    let saved: unknown = null;
    try {
      saved = await this.opts.store.load(this.id);
    } catch (err) {
      this.opts.log.warn({ source: this.id, err: (err as Error).message }, 'journal source: its saved cursor cannot be read; starting as on a first run');
    }
    const parsed = ZJournalState.safeParse(saved);
    this.cursor = parsed.success ? parsed.data.cursor : null;
    this.needAnchor = this.cursor === null && this.opts.startAt === 'end';
    this.dirty = this.cursor === null;
  }

  read(): Promise<SourceBatch | null> {
    // One read at a time: two overlapping reads would hand out the same lines twice.
    this.reading ??= this.readOnce().finally(() => (this.reading = null));
    return this.reading;
  }

  private async readOnce(): Promise<SourceBatch | null> {
    if (this.pending) return this.pending;
    if (this.needAnchor) await this.anchor();
    if (!this.needAnchor) this.ensureChild();
    // A restarted journalctl that has stayed up a while is healthy again, even if the journal is quiet.
    if (this.failing && this.proc?.running && this.now() - this.spawnedAt >= 5000) this.recovered();
    const records: JournalRecord[] = [];
    const stats: BatchStats = { ...emptyStats(), unparsable: this.unparsable };
    this.unparsable = 0;
    while (this.queue.length > 0 && stats.bytes < this.opts.readBytesPerTick) {
      const q = this.queue.shift()!;
      q.record.entry.line = records.length + 1;
      records.push(q.record);
      stats.bytes += q.bytes;
      if (q.record.truncated) stats.truncatedLines++;
      if (q.invalidUtf8) stats.invalidUtf8Lines++;
    }
    this.queuedBytes -= stats.bytes;
    if (this.queuedBytes < this.opts.readBytesPerTick) this.proc?.resume();
    const last = records.at(-1);
    if (last) this.cursor = last.cursor;
    if (records.length === 0 && !this.dirty && stats.unparsable === 0) return null;
    this.dirty = false;
    const checkpoint: SourceCheckpoint = { source: this.id, seq: ++this.seq, state: { v: 1, cursor: this.cursor } };
    this.pending = { kind: 'journal', source: this.id, records, checkpoint, stats };
    return this.pending;
  }

  async commit(checkpoint: SourceCheckpoint, opts: { saved?: boolean } = {}): Promise<void> {
    if (!this.pending || checkpoint.seq !== this.pending.checkpoint.seq || checkpoint.source !== this.id) {
      throw new Error(`journal source: commit of checkpoint ${checkpoint.source}#${checkpoint.seq}, which is not the pending batch`);
    }
    if (!opts.saved) await this.opts.store.save(this.id, checkpoint.state);
    this.pending = null;
  }

  status(): SourceStatus {
    const down = this.problems.has('missing') || this.problems.has('exit');
    return { source: this.id, kind: 'journal', available: !down, problems: this.problems.list(), pid: this.proc?.pid ?? null, backlogBytes: this.queuedBytes };
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.proc?.stop();
    this.proc = null;
  }

  /** First run at the end: the newest entry's cursor becomes the position (none: read from the start). */
  private async anchor(): Promise<void> {
    if (this.now() < this.nextSpawnAt) return;
    const got = await newestCursor(this.opts.journalctl, this.opts);
    if ('exit' in got) return this.failed(got.exit);
    this.cursor = got.cursor;
    this.needAnchor = false;
    this.dirty = true;
    this.recovered();
  }

  private ensureChild(): void {
    if (this.proc || this.closing || this.now() < this.nextSpawnAt) return;
    const args = readArgs(this.opts, { cursor: this.readCursor ?? this.cursor, since: this.since, startAt: this.opts.startAt });
    const capBytes = 8 * this.opts.maxLineBytes + 64 * 1024;
    this.spawnedAt = this.now();
    this.proc = new JournalProcess({
      command: this.opts.journalctl,
      args,
      capBytes,
      maxValueBytes: this.opts.maxLineBytes,
      onLine: (l) => this.onLine(l),
      onExit: (e) => this.onExit(e),
    });
  }

  private onLine(line: JsonLine): void {
    let obj: unknown;
    try {
      obj = JSON.parse(line.text);
    } catch {
      this.unparsable++;
      return;
    }
    if (typeof obj !== 'object' || obj === null) return void this.unparsable++;
    const mapped = toJournalRecord(obj as Record<string, unknown>, { source: this.id, line: 0, maxMessageBytes: this.opts.maxLineBytes });
    if (!mapped) return void this.unparsable++;
    if (line.truncated) mapped.record.truncated = true;
    this.queue.push({ record: mapped.record, bytes: line.bytes + 1, invalidUtf8: mapped.invalidUtf8 });
    this.queuedBytes += line.bytes + 1;
    this.readCursor = mapped.record.cursor;
    this.since = null;
    if (this.failing) this.recovered();
    if (this.queuedBytes >= 2 * this.opts.readBytesPerTick) this.proc?.pause();
  }

  private onExit(exit: JournalExit): void {
    this.proc = null;
    if (this.closing) return;
    if (exit.code === 0 && exit.spawnError === null && journalMode(this.opts) === 'poll') {
      // A one-shot read that reached the end: the next read() starts the next one.
      this.recovered();
      return;
    }
    this.failed(exit);
  }

  private failed(exit: JournalExit): void {
    this.failing = true;
    const wait = this.backoff;
    this.nextSpawnAt = this.now() + wait;
    this.backoff = Math.min(this.backoff * 2, this.retry.max);
    const retry = `retrying in ${Math.round(wait / 1000)}s (then less often, up to every ${Math.round(this.retry.max / 1000)}s)`;
    if (exit.spawnError === 'ENOENT') {
      this.problems.raise('missing', `journal source unavailable: ${this.opts.journalctl} not found; ${retry}`);
      return;
    }
    const position = this.readCursor ?? this.cursor;
    if (/seek to cursor/i.test(exit.stderr) && position) {
      // A cursor journalctl cannot parse: go on from its time rather than re-read or skip everything.
      this.since = sinceOfCursor(position);
      this.readCursor = null;
      this.cursor = null;
      this.opts.log.warn(
        { source: this.id, since: this.since },
        `journal source: journalctl refused the saved cursor; reading from its time ${this.since ?? '(unknown: from the start)'}`,
      );
    }
    const how = exit.spawnError ?? (exit.signal ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`);
    const why = exit.stderr.split('\n').filter(Boolean).at(-1);
    this.problems.raise('exit', `journal source: journalctl ${how}${why ? ` (${why.slice(0, 300)})` : ''}; ${retry}`);
  }

  private recovered(): void {
    this.failing = false;
    this.backoff = this.retry.initial;
    this.problems.clear('missing', 'journal source: journalctl is there now');
    this.problems.clear('exit', 'journal source: journalctl runs again');
  }
}
