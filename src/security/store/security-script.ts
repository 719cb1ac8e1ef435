import { defineScript } from '../../store/lua/run-script.js';

/**
 * Applies one security batch as a list of small operations, once per batch id. KEYS[1] is the
 * host's batch-id set; every other key the operations touch is passed in KEYS too (all under the
 * host's hash tag), referred to by index. ARGV: batch id, now (ms), batch ids kept, ops as JSON, the
 * batch-id set's expiry (ms).
 *
 * Operations (k = KEYS index):
 *   {'hincr', k, field, n}
 *   {'hincrcap', k, field, n, cap, dk, dfield}   HINCRBY unless the hash holds `cap` other fields: then n goes to dk.dfield
 *   {'src', k, field, json, cap, dk, dfield, ucap} merge a source's {c,f,l,u,m} (count, first, last, users, users cut)
 *   {'push', k, json, cap, dk, dfield}            RPUSH while shorter than cap, else count 1 in dk.dfield
 *   {'login', k, knownk, pair, kcap, json, cap, dk, dfield} an accepted login, its `n` (new source) decided here
 *   {'set', k, value} {'hset', k, f, v} {'hsetnx', k, f, v} {'zadd', k, score, member} {'zremlt', k, score} {'pexpire', k, ms}
 * Returns 1 when applied, 0 when the batch id had been applied already.
 */
export const APPLY_SECURITY_BATCH = defineScript(`
local id = ARGV[1]
if redis.call('ZSCORE', KEYS[1], id) then return 0 end
local now = tonumber(ARGV[2])
local ops = cjson.decode(ARGV[4])
for _, op in ipairs(ops) do
  local c = op[1]
  local k = KEYS[op[2]]
  if c == 'hincr' then
    redis.call('HINCRBY', k, op[3], op[4])
  elseif c == 'hincrcap' then
    if redis.call('HEXISTS', k, op[3]) == 1 or redis.call('HLEN', k) < op[5] then
      redis.call('HINCRBY', k, op[3], op[4])
    else
      redis.call('HINCRBY', KEYS[op[6]], op[7], op[4])
    end
  elseif c == 'src' then
    local d = cjson.decode(op[4])
    local cur = redis.call('HGET', k, op[3])
    if cur then
      local s = cjson.decode(cur)
      s.c = s.c + d.c
      if d.f < s.f then s.f = d.f end
      if d.l > s.l then s.l = d.l end
      local have, n, list = {}, 0, {}
      if type(s.u) == 'table' then
        for _, u in ipairs(s.u) do have[u] = true; n = n + 1; list[n] = u end
      end
      for _, u in ipairs(d.u) do
        if not have[u] then
          if n < op[8] then n = n + 1; list[n] = u; have[u] = true else s.m = 1 end
        end
      end
      if d.m == 1 then s.m = 1 end
      s.u = list
      redis.call('HSET', k, op[3], cjson.encode(s))
    elseif redis.call('HLEN', k) < op[5] then
      redis.call('HSET', k, op[3], op[4])
    else
      redis.call('HINCRBY', KEYS[op[6]], op[7], d.c)
    end
  elseif c == 'push' then
    if redis.call('LLEN', k) < op[4] then redis.call('RPUSH', k, op[3]) else redis.call('HINCRBY', KEYS[op[5]], op[6], 1) end
  elseif c == 'login' then
    local known = KEYS[op[3]]
    local v = cjson.decode(op[6])
    if redis.call('HEXISTS', known, op[4]) == 1 then
      v.n = 0
    elseif redis.call('HLEN', known) < op[5] then
      redis.call('HSET', known, op[4], now)
      v.n = 1
    else
      v.n = -1
    end
    if redis.call('LLEN', k) < op[7] then redis.call('RPUSH', k, cjson.encode(v)) else redis.call('HINCRBY', KEYS[op[8]], op[9], 1) end
  elseif c == 'set' then
    redis.call('SET', k, op[3])
  elseif c == 'hset' then
    redis.call('HSET', k, op[3], op[4])
  elseif c == 'hsetnx' then
    redis.call('HSETNX', k, op[3], op[4])
  elseif c == 'zadd' then
    redis.call('ZADD', k, op[3], op[4])
  elseif c == 'zremlt' then
    redis.call('ZREMRANGEBYSCORE', k, '-inf', '(' .. op[3])
  elseif c == 'pexpire' then
    redis.call('PEXPIRE', k, op[3])
  end
end
redis.call('ZADD', KEYS[1], now, id)
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`);
