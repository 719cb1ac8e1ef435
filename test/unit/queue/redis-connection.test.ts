import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { boot } from '../../../src/app/boot.js';
import { createRedis, redisTarget } from '../../../src/queue/redis-connection.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { parseTestConfig } from '../../utils/config-issues.js';

// Clients are built lazily here: nothing connects, only what the factory built is inspected.
describe('createRedis: one factory for standalone, Sentinel and Cluster', () => {
  it('builds a Sentinel client that asks the sentinels for the master, with both passwords and TLS on both hops', () => {
    const c = parseTestConfig({
      redis: { sentinel: { sentinels: ['127.0.0.1:26379', '127.0.0.1:26380'], name: 'main', password: 'pw', sentinelPassword: 'spw', tls: true } },
    });
    const client = createRedis(redisTarget(c.redis), { lazy: true, name: 'checkup' });
    try {
      expect(client).toBeInstanceOf(Redis);
      expect(client.options).toMatchObject({
        sentinels: [
          { host: '127.0.0.1', port: 26379 },
          { host: '127.0.0.1', port: 26380 },
        ],
        name: 'main',
        role: 'master',
        password: 'pw',
        sentinelPassword: 'spw',
        enableTLSForSentinelMode: true,
        failoverDetector: true,
        connectionName: 'checkup',
        maxRetriesPerRequest: null,
      });
      expect((client as Redis).options.tls).toBeDefined();
    } finally {
      client.disconnect();
    }
  });

  it('keeps a role’s own options (the agent writer fails fast) on top of the defaults', () => {
    const client = createRedis('redis://127.0.0.1:6399', { lazy: true, options: { enableOfflineQueue: false, maxRetriesPerRequest: 0 } });
    try {
      expect(client.options).toMatchObject({ port: 6399, enableOfflineQueue: false, maxRetriesPerRequest: 0, enableReadyCheck: true });
    } finally {
      client.disconnect();
    }
  });

  it('builds an ioredis Cluster from redis.cluster, with its NAT map and password', () => {
    const c = parseTestConfig({ redis: { cluster: { nodes: ['10.0.0.1:7000'], natMap: { '10.0.0.1:7000': '127.0.0.1:7000' }, password: 'pw' } } });
    const client = createRedis(redisTarget(c.redis), { lazy: true });
    try {
      expect(client).toBeInstanceOf(Cluster);
      expect((client as Cluster).options).toMatchObject({ natMap: { '10.0.0.1:7000': { host: '127.0.0.1', port: 7000 } }, redisOptions: { password: 'pw' } });
    } finally {
      client.disconnect();
    }
  });

  it('boots on a Cluster only when its nodes answer, and says which setting to check', async () => {
    const config = parseTestConfig({ redis: { cluster: { nodes: ['127.0.0.1:1'] } } });
    await expect(boot({ config, log: silentLogger(), startEmbedded: false })).rejects.toMatchObject({
      code: 'REDIS_UNAVAILABLE',
      message: expect.stringMatching(/redis\.cluster\.nodes/),
    });
  });
});
