import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createRedisAnchor, type ChainAnchor, type ChainWitness } from '../../archive/index.js';
import type { AppConfig } from '../../config/load-config.js';
import { createDeliveryLedger, deliveryWitnesses } from '../../deliver/delivery-ledger.js';
import { pingRedis } from '../../queue/redis-connection.js';

export type OpenedAnchor = { archiveOpts: { anchor?: ChainAnchor; witnesses?: () => Promise<ChainWitness[]> }; note: string | null; close(): Promise<void> };

/**
 * The chain anchor and delivery witnesses for `archive verify`, from the configured Redis or the
 * private one `checkup start` runs. The archive commands work without Redis; verify then says
 * what it could not check.
 */
export async function openChainAnchor(config: AppConfig): Promise<OpenedAnchor> {
  let url = config.redis.url;
  if (!(await pingRedis(url))) {
    const privateUrl = readPrivateUrl(join(config.paths.redis, 'url'));
    if (!privateUrl || !(await pingRedis(privateUrl))) {
      return {
        archiveOpts: {},
        note: `Redis is not answering at ${url}, so the chain head anchored there was not checked and a cut tail cannot be seen; pass --head SEQ:HASH from a report email to check one`,
        close: async () => undefined,
      };
    }
    url = privateUrl;
  }
  // Fail fast rather than wait for a Redis that goes away mid-check.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  const prefix = config.redis.prefix;
  return {
    archiveOpts: { anchor: createRedisAnchor({ redis, prefix }), witnesses: () => deliveryWitnesses(createDeliveryLedger({ redis, prefix })) },
    note: null,
    async close() {
      redis.disconnect();
    },
  };
}

function readPrivateUrl(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim() || null;
  } catch {
    return null;
  }
}
