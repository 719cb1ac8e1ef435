export type * from './log-repo.js';
export { MAX_EXAMPLES } from './log-repo.js';
export { createRedisLogRepo, DEFAULT_MAX_TEMPLATES_PER_HOUR } from './redis-log-repo.js';
export type { RedisLogRepoOptions } from './redis-log-repo.js';
export { logKeys } from './log-keys.js';
export { severityRank, moreSevere, atLeast } from './severity-rank.js';
