import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ChainHead, ChainWitness } from '../archive/chain-anchor.js';

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
    /** The chain heads sent deliveries carried: each one a point the archive must still contain. */
    async witnesses(): Promise<ChainWitness[]> {
      const out: ChainWitness[] = [];
      const base = `${opts.prefix}:delivery:`;
      let cursor = '0';
      do {
        const [next, keys] = await opts.redis.scan(cursor, 'MATCH', `${base}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length === 0) continue;
        const values = await opts.redis.mget(...keys);
        values.forEach((raw, i) => {
          if (!raw) return;
          const s = JSON.parse(raw) as DeliveryState;
          const report = keys[i]!.slice(base.length).replace(/:[^:]+$/, '');
          if (s.state === 'sent' && s.head) out.push({ ...s.head, source: `the delivery of report ${report}` });
        });
      } while (cursor !== '0');
      return out;
    },
  };
}

export type DeliveryLedger = ReturnType<typeof createDeliveryLedger>;
