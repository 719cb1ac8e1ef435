import type { RedisClient } from '../redis/client.js';
import type { CheckState, Segment } from './check-state.js';
import type { CheckTransition, RestartRecord } from './types.js';

/** History older than this is trimmed on write (as long as the longest report retention). */
const KEEP_MS = 400 * 86_400_000;

export type CheckWrite = {
  state: CheckState;
  closed?: Segment | null;
  transition?: CheckTransition | null;
  restarts?: RestartRecord[];
};

/**
 * Check state in Redis. Everything of one host sits under its hash tag `{h:<host>}` like its
 * series; only the agent of that host writes it (one job at a time on its own queue).
 */
export function createCheckStore(opts: { redis: RedisClient; prefix: string }) {
  const { redis, prefix } = opts;
  const k = {
    hosts: `${prefix}:checks:hosts`,
    state: (host: string) => `${prefix}:{h:${host}}:checks:state`,
    segments: (host: string, check: string) => `${prefix}:{h:${host}}:checks:seg:${check}`,
    transitions: (host: string) => `${prefix}:{h:${host}}:checks:transitions`,
    restartIds: (host: string) => `${prefix}:{h:${host}}:checks:restarts`,
    restartData: (host: string) => `${prefix}:{h:${host}}:checks:restart-data`,
  };

  async function states(host: string): Promise<Map<string, CheckState>> {
    const raw = await redis.hgetall(k.state(host));
    const out = new Map<string, CheckState>();
    for (const [name, json] of Object.entries(raw)) {
      const parsed = parse<CheckState>(json);
      if (parsed) out.set(name, parsed);
    }
    return out;
  }

  async function write(host: string, writes: CheckWrite[], now: number): Promise<void> {
    if (writes.length === 0) return;
    const m = redis.multi();
    for (const w of writes) {
      m.hset(k.state(host), w.state.check, JSON.stringify(w.state));
      if (w.closed) {
        // Scored by the segment's end, so a range read finds long segments that began before it.
        m.zadd(k.segments(host, w.state.check), w.closed.to, JSON.stringify(w.closed));
        m.zremrangebyscore(k.segments(host, w.state.check), '-inf', now - KEEP_MS);
      }
      if (w.transition) m.zadd(k.transitions(host), w.transition.t, JSON.stringify(w.transition));
      for (const r of w.restarts ?? []) {
        m.zadd(k.restartIds(host), r.t, r.id);
        m.hset(k.restartData(host), r.id, JSON.stringify(r));
      }
    }
    m.zremrangebyscore(k.transitions(host), '-inf', now - KEEP_MS);
    await m.exec();
    // The host set is cross-host, so it stays out of the per-host transaction (one slot on a
    // Cluster). Added after the state: a listed host always has state. If this SADD is lost (crash,
    // failover), the host's next write adds it again; until then the alert evaluation misses its
    // checks, as it did before the host's first write.
    await redis.sadd(k.hosts, host);
  }

  async function segments(host: string, check: string, from: number, to: number): Promise<Segment[]> {
    const raw = await redis.zrangebyscore(k.segments(host, check), from, '+inf');
    return raw.flatMap((j) => parse<Segment>(j) ?? []).filter((s) => s.from <= to);
  }

  async function transitions(q: { host: string; check?: string; from: number; to: number }): Promise<CheckTransition[]> {
    const raw = await redis.zrangebyscore(k.transitions(q.host), q.from, q.to);
    return raw.flatMap((j) => parse<CheckTransition>(j) ?? []).filter((t) => q.check === undefined || t.check === q.check);
  }

  async function restarts(q: { host: string; from: number; to: number; check?: string }): Promise<RestartRecord[]> {
    const ids = await redis.zrangebyscore(k.restartIds(q.host), q.from, q.to);
    if (ids.length === 0) return [];
    const raw = await redis.hmget(k.restartData(q.host), ...ids);
    return raw.flatMap((j) => (j ? (parse<RestartRecord>(j) ?? []) : [])).filter((r) => q.check === undefined || r.check === q.check);
  }

  async function trimRestarts(host: string, now: number): Promise<void> {
    const old = await redis.zrangebyscore(k.restartIds(host), '-inf', now - KEEP_MS);
    if (old.length === 0) return;
    await redis
      .multi()
      .zrem(k.restartIds(host), ...old)
      .hdel(k.restartData(host), ...old)
      .exec();
  }

  return { states, write, segments, transitions, restarts, trimRestarts, hosts: () => redis.smembers(k.hosts) };
}

export type CheckStore = ReturnType<typeof createCheckStore>;

function parse<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
