import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRedisAnchor, type ChainAnchor, type ChainWitness } from '../../archive/index.js';
import type { AppConfig } from '../../config/load-config.js';
import { createDeliveryLedger, deliveryWitnesses } from '../../deliver/delivery-ledger.js';
import { createRedisLeases } from '../../redis/lease.js';
import type { Leases } from '../../redis/lease-types.js';
import { createRedis, describeTarget, pingRedis, redisTarget, type RedisTarget } from '../../queue/redis-connection.js';

export type OpenedAnchor = {
  archiveOpts: { anchor?: ChainAnchor; witnesses?: () => Promise<ChainWitness[]> };
  /** The leases of the same Redis: an S3 archive's chain writer (prune) needs one. */
  leases?: Leases;
  note: string | null;
  close(): Promise<void>;
};

/**
 * The chain anchor and delivery witnesses for `archive verify`, from the configured Redis or the
 * private one `checkup start` runs. The archive commands work without Redis; verify then says
 * what it could not check.
 */
export async function openChainAnchor(config: AppConfig): Promise<OpenedAnchor> {
  let target: RedisTarget = redisTarget(config.redis);
  if (!(await pingRedis(target))) {
    const privateUrl = target.kind === 'standalone' ? readPrivateUrl(join(config.paths.redis, 'url')) : null;
    if (!privateUrl || !(await pingRedis(privateUrl))) {
      return {
        archiveOpts: {},
        note: `Redis is not answering at ${describeTarget(target)}, so the chain head anchored there was not checked and a cut tail cannot be seen; pass --head SEQ:HASH from a report email to check one`,
        close: async () => undefined,
      };
    }
    target = { kind: 'standalone', url: privateUrl };
  }
  // Fail fast rather than wait for a Redis that goes away mid-check.
  const redis = createRedis(target, { failFast: true, options: { maxRetriesPerRequest: 1, connectTimeout: 2_000 } });
  redis.on('error', () => undefined);
  const prefix = config.redis.prefix;
  return {
    archiveOpts: { anchor: createRedisAnchor({ redis, prefix }), witnesses: () => deliveryWitnesses(createDeliveryLedger({ redis, prefix })) },
    leases: createRedisLeases({ redis }),
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
