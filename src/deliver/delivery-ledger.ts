import { createHash } from 'node:crypto';
import type { RedisClient } from '../redis/client.js';
import type { ChainHead, ChainWitness } from '../archive/chain-anchor.js';
import { createRedisLedger } from '../redis/ledger.js';
import type { Ledger } from '../redis/ledger-types.js';

/** The ledger key of a recipient set: the same recipients are the same group, whatever the attempt. */
export function recipientGroup(r: { to: string[]; cc: string[]; bcc: string[] }): string {
  return createHash('sha256')
    .update([...r.to, '|', ...r.cc, '|', ...r.bcc].join(','))
    .digest('hex')
    .slice(0, 12);
}

export type DeliveryState = {
  state: 'sending' | 'sent' | 'failed';
  messageId: string;
  attempts: number;
  at: number;
  error?: string;
  /** The archive's chain head printed in the mail: recipients hold a copy of it (archive verify checks it). */
  head?: ChainHead;
};

/**
 * The idempotency record of one report's delivery to one recipient group (id: report, part: group).
 * A "sent" entry means the message is never sent again, whatever retries or restarts follow.
 */
export type DeliveryLedger = Ledger<DeliveryState>;

/** 400 days: as long as the longest report retention, so a very late retry still sees "sent". */
const DELIVERY_TTL_S = 400 * 86_400;

export function createDeliveryLedger(opts: { redis: RedisClient; prefix: string }): DeliveryLedger {
  return createRedisLedger<DeliveryState>({ redis: opts.redis, base: `${opts.prefix}:delivery`, ttlS: DELIVERY_TTL_S });
}

/** The chain heads sent deliveries carried: each one a point the archive must still contain. */
export async function deliveryWitnesses(ledger: Pick<DeliveryLedger, 'rows'>): Promise<ChainWitness[]> {
  return (await ledger.rows()).flatMap(({ id, entry }) =>
    entry.state === 'sent' && entry.head ? [{ ...entry.head, source: `the delivery of report ${id}` }] : [],
  );
}
