import type { Cluster, Redis } from 'ioredis';

/**
 * A connection as `createRedis` (src/queue/redis-connection.ts) returns it: one node (standalone or
 * the master a Sentinel names) or a Cluster. Repositories take this, not `Redis`: everything they
 * send is single-slot (docs/SCALE-OUT.md), so the same code runs on both. What differs on a Cluster
 * (a SCAN, a multi-key read across slots) goes through src/redis/cluster-keys.ts.
 */
export type RedisClient = Redis | Cluster;
