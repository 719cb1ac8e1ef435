/** One attempt's outcome. Only `sent` is final. */
export type LedgerEntry = { state: 'sending' | 'sent' | 'failed'; attempts: number; at: number; error?: string };

export type LedgerRow<E extends LedgerEntry> = { id: string; part: string; entry: E };

/**
 * The idempotency record of sends: one entry per thing sent (`id`) and destination (`part`). Once an
 * entry says `sent`, `mark` leaves it alone and returns false, whatever retries or restarts follow.
 */
export type Ledger<E extends LedgerEntry> = {
  read(id: string, part: string): Promise<E | null>;
  /** False (and nothing written) when the entry already says `sent`. */
  mark(id: string, part: string, entry: E): Promise<boolean>;
  /** Every entry, for audits (the archive's witnesses). */
  rows(): Promise<LedgerRow<E>[]>;
};
