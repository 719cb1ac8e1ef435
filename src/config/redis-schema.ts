import { z } from 'zod';
import { ZId } from './primitives.js';

export type HostPort = { host: string; port: number };

/** "host:port" (or "[v6]:port") as environment variables carry it. */
function parseHostPort(text: string): HostPort | null {
  const m = /^\s*(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})\s*$/.exec(text);
  if (!m?.[1] || !m[2]) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

const ZHostPort = z.union(
  [
    z.strictObject({ host: z.string().min(1).max(255), port: z.number().int().min(1).max(65535) }),
    z
      .string()
      .transform((text) => parseHostPort(text))
      .refine((hp) => hp !== null)
      .transform((hp) => hp as HostPort),
  ],
  { error: 'expected host:port or {host, port}' },
);

/** A list of nodes: YAML `[{host, port}, "h:p"]`, or "h1:p1,h2:p2" from the environment. */
const ZHostList = z
  .preprocess((v) => (typeof v === 'string' ? v.split(',').map((p) => p.trim()) : v), z.array(ZHostPort).min(1, 'at least one host:port'))
  .meta({ description: 'host:port entries, as a list or comma-separated' });

/** YAML booleans, and "true"/"false"/"1"/"0" from the environment. */
const ZFlag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])], { error: 'expected true or false' })
  .transform((v) => v === true || v === 'true' || v === '1');

const ZSecret = z.string().min(1).max(4096);

/**
 * The data nodes' `password` (and ACL `username`) is distinct from the sentinels' own
 * `sentinelPassword`: operators often protect only one of the two. `tls` covers both hops.
 */
const ZSentinel = z.strictObject({
  sentinels: ZHostList,
  /** The master group name of `sentinel monitor <name> ...`. */
  name: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'a master name: letters, digits or ._-'),
  username: ZSecret.optional(),
  password: ZSecret.optional(),
  sentinelPassword: ZSecret.optional(),
  tls: ZFlag.default(false),
  db: z.number().int().min(0).max(15).default(0),
});

/** natMap: the address a node announces ("10.0.0.5:6379") to the one this host reaches it at. */
const ZNatMap = z.union([
  z.record(z.string(), ZHostPort),
  z.string().transform((s, ctx) => {
    const out: Record<string, HostPort> = {};
    for (const pair of s.split(',').filter((p) => p.trim())) {
      const [from, to] = pair.split('=');
      const hp = to ? parseHostPort(to) : null;
      if (!from?.trim() || !hp) {
        ctx.addIssue({ code: 'custom', message: `expected announced=host:port pairs, got ${JSON.stringify(pair)}` });
        return z.NEVER;
      }
      out[from.trim()] = hp;
    }
    return out;
  }),
]);

const ZCluster = z.strictObject({
  nodes: ZHostList,
  natMap: ZNatMap.optional(),
  username: ZSecret.optional(),
  password: ZSecret.optional(),
  tls: ZFlag.default(false),
});

const URL_HINT = 'expected redis://, rediss:// or redis+sentinel://[:password@]host:port[,host:port...]/master[/db]';

const ZRedisObject = z
  .strictObject({
    /** A standalone Redis; ignored when `sentinel` or `cluster` is set. */
    url: z.url({ protocol: /^rediss?$/, error: URL_HINT }).default('redis://127.0.0.1:6379'),
    /** Every key and queue lives under this prefix; tests use their own. */
    prefix: ZId.default('checkup'),
    /** Start a private redis-server in the data dir when nothing answers at `url` (standalone only). */
    embedded: z.boolean().default(true),
    sentinel: ZSentinel.optional(),
    cluster: ZCluster.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.sentinel && r.cluster) {
      ctx.addIssue({ code: 'custom', path: ['cluster'], message: 'redis.sentinel and redis.cluster are mutually exclusive: set one' });
    }
  });

/** A `redis+sentinel://` url becomes `redis.sentinel`; with `redis.sentinel` also set it stays, and fails as a url. */
export const ZRedisConfig = z.preprocess((v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const raw = v as Record<string, unknown>;
  const sentinel = typeof raw.url === 'string' && raw.sentinel === undefined ? parseSentinelUrl(raw.url) : null;
  if (!sentinel) return v;
  const { url: _url, ...rest } = raw;
  return { ...rest, sentinel };
}, ZRedisObject);

/** `redis+sentinel://[[user]:password@]h1:p1[,h2:p2...]/master[/db]`; `rediss+sentinel` for TLS. Null when not one. */
export function parseSentinelUrl(url: string): Record<string, unknown> | null {
  const m = /^(rediss?)\+sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@]+)\/([^/]+)(?:\/(\d{1,2}))?\/?$/.exec(url);
  if (!m?.[4] || !m[5]) return null;
  const hosts = m[4].split(',').map((h) => parseHostPort(h));
  if (hosts.some((h) => h === null)) return null;
  const decode = (s: string | undefined) => (s ? decodeURIComponent(s) : undefined);
  return {
    sentinels: hosts,
    name: decode(m[5]),
    ...(m[2] ? { username: decode(m[2]) } : {}),
    ...(m[3] ? { password: decode(m[3]) } : {}),
    ...(m[6] ? { db: Number(m[6]) } : {}),
    tls: m[1] === 'rediss',
  };
}

export type RedisConfig = z.output<typeof ZRedisObject>;
export type SentinelConfig = z.output<typeof ZSentinel>;
export type ClusterConfig = z.output<typeof ZCluster>;

/** Environment variables for the Sentinel and Cluster settings, one config path each. */
export const REDIS_ENV_OVERRIDES: Array<[string, string[]]> = [
  ['CHECKUP_REDIS_SENTINELS', ['redis', 'sentinel', 'sentinels']],
  ['CHECKUP_REDIS_SENTINEL_NAME', ['redis', 'sentinel', 'name']],
  ['CHECKUP_REDIS_SENTINEL_USERNAME', ['redis', 'sentinel', 'username']],
  ['CHECKUP_REDIS_SENTINEL_PASSWORD', ['redis', 'sentinel', 'password']],
  ['CHECKUP_REDIS_SENTINEL_SENTINEL_PASSWORD', ['redis', 'sentinel', 'sentinelPassword']],
  ['CHECKUP_REDIS_SENTINEL_TLS', ['redis', 'sentinel', 'tls']],
  ['CHECKUP_REDIS_CLUSTER_NODES', ['redis', 'cluster', 'nodes']],
  ['CHECKUP_REDIS_CLUSTER_NAT_MAP', ['redis', 'cluster', 'natMap']],
  ['CHECKUP_REDIS_CLUSTER_USERNAME', ['redis', 'cluster', 'username']],
  ['CHECKUP_REDIS_CLUSTER_PASSWORD', ['redis', 'cluster', 'password']],
  ['CHECKUP_REDIS_CLUSTER_TLS', ['redis', 'cluster', 'tls']],
];
