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
export class AuthIngest {
  private readonly tracker: AuthTracker;
  private readonly seen = new Set<string>();
  private current: AuthDeltaBuilder | null = null;

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
   * Reads one batch of a source's entries and returns its write; null for a source that is not
   * an auth source. Connections quiet for the idle window (log time, against `now`) are settled
   * into this batch too.
   */
  batch(o: { source: string; entries: Iterable<LogEntry>; batchId: string; now: number; problem?: string | null }): SecurityBatch | null {
    if (!this.accepts(o.source)) return null;
    this.seen.add(o.source);
    const builder = (this.current = new AuthDeltaBuilder(o.now));
    try {
      for (const entry of o.entries) this.tracker.push(entry);
      this.tracker.flushIdle(o.now);
    } finally {
      this.current = null;
    }
    return {
      host: this.opts.host,
      batchId: `auth:${o.batchId}`,
      at: o.now,
      auth: { delta: builder.build(), sources: this.sources(), problem: o.problem ?? null },
    };
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
