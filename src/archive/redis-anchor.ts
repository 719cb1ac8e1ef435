import type { RedisClient } from '../redis/client.js';
import type { ChainAnchor, ChainHead } from './chain-anchor.js';

// One hash per archive: "head" → {seq,hash}, "s:<seq>" → hash. One key, so one Cluster slot.
const RECORD = `local conflicts = {}
local head = redis.call('HGET', KEYS[1], 'head')
local hs = -1
if head then hs = tonumber(cjson.decode(head).seq) end
for i = 1, #ARGV, 2 do
  local f = 's:' .. ARGV[i]
  if redis.call('HSETNX', KEYS[1], f, ARGV[i + 1]) == 0 and redis.call('HGET', KEYS[1], f) ~= ARGV[i + 1] then table.insert(conflicts, ARGV[i]) end
  local seq = tonumber(ARGV[i])
  if seq > hs then
    hs = seq
    redis.call('HSET', KEYS[1], 'head', cjson.encode({ seq = seq, hash = ARGV[i + 1] }))
  end
end
return conflicts`;

/** The archive's chain anchored in Redis (`<prefix>:archive:anchor`); the head only moves forward. */
export function createRedisAnchor(opts: { redis: RedisClient; prefix: string }): ChainAnchor {
  const key = `${opts.prefix}:archive:anchor`;
  return {
    async record(entries) {
      if (entries.length === 0) return [];
      const args = entries.flatMap((e) => [String(e.seq), e.hash]);
      return ((await opts.redis.eval(RECORD, 1, key, ...args)) as string[]).map(Number);
    },
    async head() {
      const raw = await opts.redis.hget(key, 'head');
      return raw ? (JSON.parse(raw) as ChainHead) : null;
    },
    async all() {
      const h = await opts.redis.hgetall(key);
      return new Map(
        Object.entries(h)
          .filter(([k]) => k.startsWith('s:'))
          .map(([k, v]): [number, string] => [Number(k.slice(2)), v])
          .sort((a, b) => a[0] - b[0]),
      );
    },
  };
}
