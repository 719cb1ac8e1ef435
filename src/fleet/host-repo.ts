import type { RedisClient } from '../redis/client.js';
import type { HostInfo, ProcessInfo, Snapshot } from '../collect/snapshot.js';

/** What the console and reports know about a host beyond its series. */
export type HostRecord = {
  id: string;
  info: HostInfo | null;
  lastSeen: number | null;
  /** The first sample ever recorded: reports do not count the time before it as a gap. */
  firstSeen: number | null;
  tags: string[];
  simulated: boolean;
  /** The last slow-probe sample of top processes. */
  processes: { t: number; byCpu: ProcessInfo[]; byMem: ProcessInfo[] } | null;
  /** The last snapshot without processes: disks with device and type, interfaces, temperatures. */
  latest: Omit<Snapshot, 'processes'> | null;
};

export type HostRepo = {
  upsertInfo(host: string, info: HostInfo, tags: string[]): Promise<void>;
  recordSnapshot(snapshot: Snapshot): Promise<void>;
  /** Backfills move a host's first sample earlier than its first live snapshot. */
  noteFirstSeen(host: string, t: number): Promise<void>;
  list(): Promise<string[]>;
  get(host: string): Promise<HostRecord | null>;
};

/**
 * Host metadata in one hash per host, under the host's hash tag like its series; the fleet set is
 * the one key that spans hosts, and it is written with its own command.
 */
export function createHostRepo(opts: { redis: RedisClient; prefix: string }): HostRepo {
  const key = (host: string) => `${opts.prefix}:{h:${host}}:meta`;
  const fleetKey = `${opts.prefix}:fleet`;
  return {
    async upsertInfo(host, info, tags) {
      await opts.redis.hset(key(host), { info: JSON.stringify(info), tags: JSON.stringify(tags), simulated: info.simulated ? '1' : '0' });
      await opts.redis.sadd(fleetKey, host);
    },
    async recordSnapshot(snapshot) {
      const { processes, ...latest } = snapshot;
      const fields: Record<string, string> = { lastSeen: String(snapshot.t), latest: JSON.stringify(latest) };
      if (processes) fields.processes = JSON.stringify({ t: snapshot.t, ...processes });
      // Every tick: the host's hash in one round trip (both commands are on its slot), the fleet
      // set apart since it spans hosts.
      const replies = await opts.redis.pipeline().hset(key(snapshot.host), fields).hsetnx(key(snapshot.host), 'firstSeen', String(snapshot.t)).exec();
      for (const [err] of replies ?? []) if (err) throw err;
      await opts.redis.sadd(fleetKey, snapshot.host);
    },
    async noteFirstSeen(host, t) {
      const current = Number(await opts.redis.hget(key(host), 'firstSeen'));
      if (!Number.isFinite(current) || current === 0 || t < current) await opts.redis.hset(key(host), 'firstSeen', String(t));
    },
    async list() {
      return (await opts.redis.smembers(fleetKey)).sort();
    },
    async get(host) {
      const h = await opts.redis.hgetall(key(host));
      if (Object.keys(h).length === 0) return null;
      return {
        id: host,
        info: parse<HostInfo>(h.info),
        lastSeen: h.lastSeen ? Number(h.lastSeen) : null,
        firstSeen: h.firstSeen ? Number(h.firstSeen) : null,
        tags: parse<string[]>(h.tags) ?? [],
        simulated: h.simulated === '1',
        processes: parse(h.processes),
        latest: parse(h.latest),
      };
    },
  };
}

function parse<T>(text: string | undefined): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
