import type { ClusterConfig, HostPort, RedisConfig, SentinelConfig } from '../config/redis-schema.js';

/** Where this process's Redis is: one server, a Sentinel-managed master, or a Cluster. */
export type RedisTarget = { kind: 'standalone'; url: string } | ({ kind: 'sentinel' } & SentinelConfig) | ({ kind: 'cluster' } & ClusterConfig);

/** `redis.sentinel` or `redis.cluster` when set (the schema allows one), else `redis.url`. */
export function redisTarget(redis: RedisConfig): RedisTarget {
  if (redis.sentinel) return { kind: 'sentinel', ...redis.sentinel };
  if (redis.cluster) return { kind: 'cluster', ...redis.cluster };
  return { kind: 'standalone', url: redis.url };
}

/** The target for logs and messages, without secrets. */
export function describeTarget(target: RedisTarget | string): string {
  if (typeof target === 'string') return redactUrl(target);
  const list = (nodes: HostPort[]) => nodes.map((n) => `${n.host}:${n.port}`).join(',');
  switch (target.kind) {
    case 'standalone':
      return redactUrl(target.url);
    case 'sentinel':
      return `sentinel master "${target.name}" via ${list(target.sentinels)}${target.tls ? ' (TLS)' : ''}`;
    case 'cluster':
      return `cluster via ${list(target.nodes)}${target.tls ? ' (TLS)' : ''}`;
  }
}

/** The URL for logs and messages: a password in it is replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return '(unparsable Redis URL)';
  }
}
