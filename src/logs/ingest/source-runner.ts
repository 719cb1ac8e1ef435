import type { Logger } from '../../shared/logger.js';
import { MinerSnapshotError, restoreMiner, snapshotMiner, TemplateMiner } from '../mining/index.js';
import type { Redactor } from '../redact/index.js';
import type { LogSource, SourceCheckpoint } from '../sources/types.js';
import type { LogBatch, LogRepo, LogSourceStatus } from '../store/log-repo.js';
import { BatchCounter, newBatchId } from './batch-counter.js';
import type { SourceState, SourceStateStore } from './source-state.js';
import type { StoreHealth } from './store-health.js';
import type { AuthBatchSink } from '../../security/agent/auth-ingest.js';
import type { SecurityBatch } from '../../security/store/security-repo.js';

/** The security stage's share of the log pipeline: auth events out of the same entries, written with the batch. */
export type AuthHook = {
  start(o: { source: string; now: number }): AuthBatchSink | null;
  write(batch: SecurityBatch): Promise<unknown>;
};

/** A source with nothing new still tells the store it is alive (and its problem) this often. */
export const STATUS_EVERY_MS = 60_000;

/** The write of a finished auth batch, or null when it holds no event and no status is due. */
const authWrite = (b: (SecurityBatch & { events: number; statusDue: boolean }) | null | undefined): SecurityBatch | null => {
  if (!b || (b.events === 0 && !b.statusDue)) return null;
  const { events: _events, statusDue: _due, ...batch } = b;
  return batch;
};
/** Retries of a failed write wait twice as long each time, up to this. */
export const MAX_RETRY_MS = 30_000;

/** The problem a configured source states when none of its files or journals exists on the host. */
export const ABSENT = 'nothing to read: none of its files exists on this host';

export type RunnerDeps = {
  host: string;
  repo: LogRepo;
  states: SourceStateStore;
  health: StoreHealth;
  redactor: Redactor;
  maxTemplates: number;
  intervalMs: number;
  log: Logger;
  now: () => number;
  /** True while no source of this host can be read at all: then even default sources state their absence. */
  noneAvailable?: () => boolean;
  auth?: AuthHook;
};

type InFlight = { batch: LogBatch; auth: SecurityBatch | null; checkpoint: SourceCheckpoint | null; saved: boolean };

/**
 * One source's way to the store: read a batch, count it with the source's miner, save the batch
 * with the position it leads to and the miner's snapshot (one atomic file), write it to the store,
 * then commit the source. Until the write succeeds nothing more is read: the batch stays pending and
 * is retried with a doubling wait, so an outage loses no line and holds one batch per source.
 */
export class SourceRunner {
  private state: SourceState;
  private miner: TemplateMiner;
  private counter: BatchCounter;
  private inFlight: InFlight | null = null;
  private failures = 0;
  private retryAt = 0;
  private lastStatusAt = -Infinity;
  private lastProblem: string | null = null;
  private lastRead: number;
  private ownProblem: string | null = null;

  constructor(
    readonly source: LogSource,
    private readonly format: string | null,
    saved: SourceState | null,
    private readonly deps: RunnerDeps,
  ) {
    const now = deps.now();
    this.state = saved ?? { version: 1, position: null, miner: null, since: now, pending: null };
    this.lastRead = this.state.pending?.status.lastRead ?? now;
    this.miner = this.restore(this.state.miner);
    this.counter = this.newCounter();
    // The batch a crash may have left between the store and the commit: written again first (the store counts its id once).
    if (this.state.pending) this.inFlight = { batch: this.state.pending, auth: this.state.pendingAuth ?? null, checkpoint: null, saved: true };
  }

  /** The position the source starts from (its PositionStore reads it here). */
  /** Whether the source has something to read now (a file open, a journal running). */
  available(): boolean {
    return this.source.status().available;
  }

  /** Set once the source has been read once: before that, "not available" means "not tried yet". */
  tried = false;

  get position(): unknown {
    return this.state.position;
  }

  async savePosition(position: unknown): Promise<void> {
    this.state = { ...this.state, position };
    await this.deps.states.save(this.source.id, this.state);
  }

  async tick(): Promise<void> {
    const now = this.deps.now();
    if (this.inFlight) {
      await this.flush(now);
      if (this.inFlight) return;
    }
    const batch = await this.source.read();
    if (this.source.status().available) this.lastRead = now;
    const auth = this.deps.auth?.start({ source: this.source.id, now }) ?? null;
    if (!batch) {
      // Quiet sshd connections settle with time alone: their events go out like a batch's.
      const settled = auth?.finish({ batchId: newBatchId(this.source.id) });
      if (settled && settled.events > 0) return this.send({ counts: [], templates: [] }, authWrite(settled), this.state, null, now);
      return this.maybeStatus(now);
    }
    const counted = this.counter.count(batch, now, auth ? (e) => auth.push(e) : undefined);
    const snapshot = { ...this.state, position: batch.checkpoint.state, miner: snapshotMiner(this.miner) };
    const authBatch = auth?.finish({ batchId: newBatchId(this.source.id) }) ?? null;
    if (counted.counts.length === 0 && (authBatch?.events ?? 0) === 0) {
      // Only the position moved (a rotation, a first start): nothing to count, so nothing to replay.
      try {
        await this.deps.states.save(this.source.id, snapshot);
        this.state = snapshot;
        await this.source.commit(batch.checkpoint, { saved: true });
        this.setOwnProblem(null);
      } catch (err) {
        this.setOwnProblem(`log source ${this.source.id}: its state cannot be saved (${(err as Error).message}); retrying`);
      }
      return this.maybeStatus(now);
    }
    await this.send(counted, authWrite(authBatch), snapshot, batch.checkpoint, now);
  }

  /** Saves the batch (and its auth events) with the position it leads to, writes both, then commits. */
  private async send(
    counted: Pick<LogBatch, 'counts' | 'templates'>,
    auth: SecurityBatch | null,
    snapshot: SourceState,
    checkpoint: SourceCheckpoint | null,
    now: number,
  ): Promise<void> {
    const logBatch: LogBatch = {
      host: this.deps.host,
      source: this.source.id,
      batchId: newBatchId(this.source.id),
      counts: counted.counts,
      templates: counted.templates,
      status: this.status(now),
    };
    this.state = { ...snapshot, pending: logBatch, pendingAuth: auth };
    this.inFlight = { batch: logBatch, auth, checkpoint, saved: false };
    await this.flush(now);
  }

  async close(): Promise<void> {
    await this.source.close();
  }

  private async flush(now: number): Promise<void> {
    const f = this.inFlight!;
    if (now < this.retryAt) return;
    if (!f.saved) {
      try {
        await this.deps.states.save(this.source.id, this.state);
        f.saved = true;
        this.setOwnProblem(null);
      } catch (err) {
        this.setOwnProblem(`log source ${this.source.id}: its state cannot be saved (${(err as Error).message}); retrying`);
        this.backoff(now);
        return;
      }
    }
    try {
      // Both writes are idempotent by batch id: a retry after one of them succeeded counts nothing twice.
      if (f.auth && this.deps.auth) await this.deps.auth.write(f.auth);
      await this.deps.repo.write(f.batch);
    } catch (err) {
      this.deps.health.failed(err);
      this.backoff(now);
      return;
    }
    this.deps.health.ok();
    this.failures = 0;
    this.retryAt = 0;
    this.counter.noteStored(f.batch.templates);
    this.lastStatusAt = now;
    this.lastProblem = f.batch.status.problem;
    this.inFlight = null;
    if (f.checkpoint) await this.source.commit(f.checkpoint, { saved: true });
  }

  private async maybeStatus(now: number): Promise<void> {
    const seen = this.source.status();
    // A default source whose files this host does not have (no syslog on a journal host): nothing to
    // state, as long as another source is read. When none is, the report must not say "no log
    // sources configured" (they are, by default): each states that it found nothing to read.
    this.tried = true;
    const absent = !seen.available && seen.problems.length === 0 && this.ownProblem === null;
    if (absent && this.lastStatusAt === -Infinity && !(this.deps.noneAvailable?.() ?? false)) return;
    const status = this.status(now, absent ? ABSENT : null);
    if (status.problem === this.lastProblem && now - this.lastStatusAt < STATUS_EVERY_MS) return;
    if (now < this.retryAt) return;
    try {
      await this.deps.repo.write({ host: this.deps.host, source: this.source.id, batchId: newBatchId(this.source.id), counts: [], templates: [], status });
    } catch (err) {
      this.deps.health.failed(err);
      this.backoff(now);
      return;
    }
    this.deps.health.ok();
    this.failures = 0;
    this.lastStatusAt = now;
    this.lastProblem = status.problem;
  }

  private status(now: number, absent: string | null = null): LogSourceStatus {
    const problems = [...(this.ownProblem ? [this.ownProblem] : []), ...(absent ? [absent] : []), ...this.source.status().problems];
    const problem = problems.length === 0 ? null : problems.length === 1 ? problems[0]! : `${problems[0]!} (and ${problems.length - 1} more)`;
    return { source: this.source.id, since: this.state.since, lastRead: Math.min(this.lastRead, now), problem };
  }

  private backoff(now: number): void {
    this.failures++;
    this.retryAt = now + Math.min(MAX_RETRY_MS, this.deps.intervalMs * 2 ** Math.min(this.failures - 1, 16));
  }

  private setOwnProblem(problem: string | null): void {
    if (problem !== null && this.ownProblem === null) this.deps.log.warn({ source: this.source.id }, problem);
    this.ownProblem = problem;
  }

  private restore(raw: unknown): TemplateMiner {
    const opts = { maxTemplates: this.deps.maxTemplates };
    if (raw === null || raw === undefined) return new TemplateMiner(opts);
    try {
      return restoreMiner(raw, opts);
    } catch (err) {
      if (!(err instanceof MinerSnapshotError)) throw err;
      this.deps.log.warn(
        { source: this.source.id, err: err.message },
        `log source ${this.source.id}: its template snapshot is unusable; templates are learnt afresh`,
      );
      return new TemplateMiner(opts);
    }
  }

  private newCounter(): BatchCounter {
    return new BatchCounter({
      source: this.source.id,
      format: this.format,
      miner: this.miner,
      redactor: this.deps.redactor,
      maxTemplates: this.deps.maxTemplates,
    });
  }
}
