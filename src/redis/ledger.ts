import type { RedisClient } from './client.js';
import { getMany, scanKeys } from './cluster-keys.js';
import type { Ledger, LedgerEntry, LedgerRow } from './ledger-types.js';

export type { Ledger, LedgerEntry, LedgerRow } from './ledger-types.js';

// A "sent" entry is never overwritten: a late failure report or a second worker's "sending"
// cannot reopen what already went out. Unreadable entries are overwritten like absent ones.
const MARK = `local cur = redis.call('GET', KEYS[1])
if cur then
  local ok, e = pcall(cjson.decode, cur)
  if ok and type(e) == 'table' and e.state == 'sent' then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1`;

/** The key of one entry: `<base>:<id>:<part>` (the layout both ledgers have always used). */
export function ledgerKey(base: string, id: string, part: string): string {
  return `${base}:${id}:${part}`;
}

/**
 * "Sent is final" in Redis, one string key per entry with a TTL as long as a very late retry could
 * still ask. Used by report deliveries (id: report, part: recipient group) and alert notifications
 * (id: notification, part: channel).
 */
export function createRedisLedger<E extends LedgerEntry>(o: { redis: RedisClient; base: string; ttlS: number }): Ledger<E> {
  const key = (id: string, part: string) => ledgerKey(o.base, id, part);
  return {
    async read(id, part) {
      const raw = await o.redis.get(key(id, part));
      return raw ? (JSON.parse(raw) as E) : null;
    },
    async mark(id, part, entry) {
      return (await o.redis.eval(MARK, 1, key(id, part), JSON.stringify(entry), String(o.ttlS))) === 1;
    },
    async rows() {
      const out: LedgerRow<E>[] = [];
      const base = `${o.base}:`;
      const keys = await scanKeys(o.redis, `${base}*`);
      const values = await getMany(o.redis, keys);
      values.forEach((raw, i) => {
        if (!raw) return;
        // The part (a recipient group or a channel name) is the last segment; ids may hold colons.
        const rest = keys[i]!.slice(base.length);
        const cut = rest.lastIndexOf(':');
        out.push({ id: rest.slice(0, cut), part: rest.slice(cut + 1), entry: JSON.parse(raw) as E });
      });
      return out;
    },
  };
}
