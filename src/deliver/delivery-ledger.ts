import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** The ledger key of a recipient set: the same recipients are the same group, whatever the attempt. */
export function recipientGroup(r: { to: string[]; cc: string[]; bcc: string[] }): string {
  return createHash('sha256').update([...r.to, '|', ...r.cc, '|', ...r.bcc].join(',')).digest('hex').slice(0, 12);
}

export type DeliveryState = { state: 'sending' | 'sent' | 'failed'; messageId: string; attempts: number; at: number; error?: string };

/**
 * The idempotency record of one report's delivery to one recipient group. A "sent" entry means the
 * message is never sent again, whatever retries or restarts follow.
 */
export function createDeliveryLedger(opts: { redis: Redis; prefix: string }) {
  const key = (reportId: string, group: string) => `${opts.prefix}:delivery:${reportId}:${group}`;
  const read = async (reportId: string, group: string): Promise<DeliveryState | null> => {
    const raw = await opts.redis.get(key(reportId, group));
    return raw ? (JSON.parse(raw) as DeliveryState) : null;
  };
  return {
    read,
    async mark(reportId: string, group: string, state: DeliveryState) {
      // 400 days: as long as the longest report retention, so a very late retry still sees "sent".
      await opts.redis.set(key(reportId, group), JSON.stringify(state), 'EX', 400 * 86_400);
    },
  };
}

export type DeliveryLedger = ReturnType<typeof createDeliveryLedger>;
