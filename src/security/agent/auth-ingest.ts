import type { LogEntry } from '../../logs/types.js';
import { AuthTracker } from '../auth/auth-tracker.js';
import type { SecurityBatch } from '../store/security-repo.js';
import { AuthDeltaBuilder } from './auth-delta.js';

export type AuthIngestOptions = {
  host: string;
  /** `security.auth.sources`: log source names, or `auto` for every source the agent reads. */
  sources: 'auto' | readonly string[];
  /** `security.auth.connectionIdle`. */
  idleMs: number;
};

/**
 * The agent's auth stage: the log pipeline hands it each batch of entries it read, and gets back
 * the security write for that batch, to be written before the batch's positions are committed
 * (the write is idempotent by the batch id, so a replay after a crash counts once).
 *
 * sshd lines are settled per connection (see AuthTracker), so an event can come out in a later
 * batch than its line: a connection still open when the agent stops is lost with the process,
 * while its lines' positions were committed. Connections last seconds; that is the price of not
 * keeping the tracker's state on disk.
 */
/** A source with no auth events still refreshes its status this often. */
const STATUS_EVERY_MS = 60_000;

export type AuthBatchSink = {
  push(entry: LogEntry): void;
  /**
   * The batch's write; `events` says how many auth events it holds. A batch without events is
   * worth writing only for its status, once a minute per source (`statusDue`): a busy non-auth
   * source under `auto` would otherwise cost a store write per batch for nothing.
   */
  finish(o: { batchId: string; problem?: string | null }): SecurityBatch & { events: number; statusDue: boolean };
};

export class AuthIngest {
  private readonly tracker: AuthTracker;
  private readonly seen = new Set<string>();
  private current: AuthDeltaBuilder | null = null;
  private readonly statusAt = new Map<string, number>();

  constructor(private readonly opts: AuthIngestOptions) {
    this.tracker = new AuthTracker({ idleMs: opts.idleMs, onEvent: (ev) => this.current?.add(ev) });
  }

  /** Whether entries of this log source are read for auth events. */
  accepts(source: string): boolean {
    return this.opts.sources === 'auto' || this.opts.sources.includes(source);
  }

  /** The sources auth events come from: the configured list, or under `auto` those read so far. */
  sources(): string[] {
    return this.opts.sources === 'auto' ? [...this.seen].sort() : [...this.opts.sources];
  }

  /**
   * Starts a batch of a source's entries (null for a source that is not an auth source): push each
   * entry as the pipeline reads it, then `finish` gives the batch's write. Connections quiet for the
   * idle window (log time, against `now`) are settled into it too.
   */
  start(o: { source: string; now: number }): AuthBatchSink | null {
    if (!this.accepts(o.source)) return null;
    this.seen.add(o.source);
    const builder = new AuthDeltaBuilder(o.now);
    return {
      push: (entry) => {
        this.current = builder;
        try {
          this.tracker.push(entry);
        } finally {
          this.current = null;
        }
      },
      finish: (f) => {
        this.current = builder;
        try {
          this.tracker.flushIdle(o.now);
        } finally {
          this.current = null;
        }
        const statusDue = builder.size > 0 || o.now - (this.statusAt.get(o.source) ?? -Infinity) >= STATUS_EVERY_MS;
        if (statusDue) this.statusAt.set(o.source, o.now);
        return {
          host: this.opts.host,
          batchId: `auth:${f.batchId}`,
          at: o.now,
          auth: { delta: builder.build(), sources: this.sources(), problem: f.problem ?? null },
          events: builder.size,
          statusDue,
        };
      },
    };
  }

  /** One whole batch at once (tests, the offline path). */
  batch(o: { source: string; entries: Iterable<LogEntry>; batchId: string; now: number; problem?: string | null }): SecurityBatch | null {
    const sink = this.start(o);
    if (!sink) return null;
    for (const entry of o.entries) sink.push(entry);
    const { events: _events, statusDue: _due, ...batch } = sink.finish(o);
    return batch;
  }

  /** Settles every open connection (shutdown) into one last write, or null when none was open. */
  end(o: { batchId: string; now: number }): SecurityBatch | null {
    if (this.tracker.openConnections === 0) return null;
    const builder = (this.current = new AuthDeltaBuilder(o.now));
    try {
      this.tracker.end();
    } finally {
      this.current = null;
    }
    return { host: this.opts.host, batchId: `auth:${o.batchId}`, at: o.now, auth: { delta: builder.build(), sources: this.sources() } };
  }
}
