export { createRedisSeriesStore, DEFAULT_CHUNK_SIZE, type RedisSeriesStore, type RedisSeriesStoreOptions } from './redis-series-store.js';
export { autoStep, planQuery, TIERS } from './tiers.js';
export { hostKeys, hostTag, hostsKey } from './keys.js';
export { seriesName, parseSeriesName } from './series-key.js';
export type * from './types.js';
