import type { Ledger, LedgerEntry, LedgerRow } from '../../../src/redis/ledger-types.js';

/** The ledger in memory, for unit tests; the contract suite holds it to the Redis one. */
export function createMemoryLedger<E extends LedgerEntry>(): Ledger<E> {
  const entries = new Map<string, LedgerRow<E>>();
  const key = (id: string, part: string) => JSON.stringify([id, part]);
  return {
    async read(id, part) {
      const row = entries.get(key(id, part));
      return row ? structuredClone(row.entry) : null;
    },
    async mark(id, part, entry) {
      if (entries.get(key(id, part))?.entry.state === 'sent') return false;
      entries.set(key(id, part), { id, part, entry: structuredClone(entry) });
      return true;
    },
    async rows() {
      return [...entries.values()].map((r) => structuredClone(r));
    },
  };
}
