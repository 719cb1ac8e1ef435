import { describe, expect, it } from 'vitest';
import { redisTarget } from '../../../src/queue/redis-target.js';
import { describeTarget } from '../../../src/queue/redis-target.js';
import { configIssues, parseTestConfig } from '../../utils/config-issues.js';

describe('redis.sentinel and redis.cluster', () => {
  it('reads sentinels from YAML lists and from the environment alike', () => {
    const yaml = parseTestConfig({
      redis: { sentinel: { sentinels: [{ host: 's1', port: 26379 }, 's2:26380'], name: 'main', password: 'pw', sentinelPassword: 'spw', tls: true } },
    });
    expect(redisTarget(yaml.redis)).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      name: 'main',
      password: 'pw',
      sentinelPassword: 'spw',
      tls: true,
      db: 0,
    });
    const env = parseTestConfig(
      {},
      {
        CHECKUP_REDIS_SENTINELS: 's1:26379, s2:26380',
        CHECKUP_REDIS_SENTINEL_NAME: 'main',
        CHECKUP_REDIS_SENTINEL_PASSWORD: 'pw',
        CHECKUP_REDIS_SENTINEL_SENTINEL_PASSWORD: 'spw',
        CHECKUP_REDIS_SENTINEL_TLS: 'true',
      },
    );
    expect(redisTarget(env.redis)).toEqual(redisTarget(yaml.redis));
    // Secrets never reach the description used in logs.
    expect(describeTarget(redisTarget(env.redis))).toBe('sentinel master "main" via s1:26379,s2:26380 (TLS)');
  });

  it('reads a redis+sentinel:// url, password and db included', () => {
    const c = parseTestConfig({}, { REDIS_URL: 'rediss+sentinel://:p%40ss@10.0.0.1:26379,[::1]:26380/mymaster/2' });
    expect(redisTarget(c.redis)).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'mymaster',
      password: 'p@ss',
      tls: true,
      db: 2,
    });
  });

  it('reads a cluster with a NAT map from the environment', () => {
    const c = parseTestConfig({}, { CHECKUP_REDIS_CLUSTER_NODES: 'n1:7000,n2:7001', CHECKUP_REDIS_CLUSTER_NAT_MAP: '10.0.0.5:7000=n1:7000' });
    expect(redisTarget(c.redis)).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'n1', port: 7000 },
        { host: 'n2', port: 7001 },
      ],
      natMap: { '10.0.0.5:7000': { host: 'n1', port: 7000 } },
      tls: false,
    });
  });

  it('keeps redis.url the target when neither is set', () => {
    expect(redisTarget(parseTestConfig({ redis: { url: 'redis://r:6380' } }).redis)).toEqual({ kind: 'standalone', url: 'redis://r:6380' });
  });

  it('names the path, the variable and the value of each mistake', () => {
    expect(configIssues({ redis: { sentinel: { sentinels: ['s1'], name: 'main' } } })).toEqual([
      expect.stringMatching(/^redis\.sentinel\.sentinels\.0: expected host:port or \{host, port\} \(got "s1"\)$/),
    ]);
    expect(configIssues({}, { CHECKUP_REDIS_SENTINELS: 's1:26379', CHECKUP_REDIS_SENTINEL_NAME: 'bad name' })).toEqual([
      expect.stringMatching(/^CHECKUP_REDIS_SENTINEL_NAME \(redis\.sentinel\.name\): a master name.*\(got "bad name"\)$/),
    ]);
    expect(configIssues({}, { CHECKUP_REDIS_SENTINEL_NAME: 'main' })).toEqual([expect.stringMatching(/^redis\.sentinel\.sentinels: /)]);
    expect(configIssues({}, { CHECKUP_REDIS_CLUSTER_NODES: 'n1:7000', CHECKUP_REDIS_CLUSTER_TLS: 'yes' })).toEqual([
      expect.stringMatching(/^CHECKUP_REDIS_CLUSTER_TLS \(redis\.cluster\.tls\): expected true or false.*"yes"/),
    ]);
    expect(configIssues({ redis: { url: 'redis+sentinel://s1/main' } })).toEqual([
      expect.stringMatching(/^redis\.url: expected redis:\/\/.*\(got "redis\+sentinel:\/\/s1\/main"\)$/),
    ]);
    expect(configIssues({ redis: { sentinel: { sentinels: ['s1:1'], name: 'm' }, cluster: { nodes: ['n1:7000'] } } })).toEqual([
      'redis.cluster: redis.sentinel and redis.cluster are mutually exclusive: set one',
    ]);
  });
});
