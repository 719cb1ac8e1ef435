import type { RedisClient } from '../redis/client.js';
import type { HostKeys } from './keys.js';
import type { RetentionConfig } from './types.js';

/** What every store operation is given. */
export type StoreContext = {
  redis: RedisClient;
  prefix: string;
  retention: RetentionConfig;
  /** Samples per closed raw chunk. */
  chunkSize: number;
  /** Clock for tier choice in range queries; tests and backfills pin it. */
  now: () => number;
  keys: (host: string) => HostKeys;
};
