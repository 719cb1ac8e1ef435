import { defineScript } from '../../store/lua/run-script.js';

/**
 * One batch, atomically: nothing of it is visible before all of it is, and a batch id already
 * written is a no-op (the agent replays its last batch after a crash between this write and the
 * commit of its read positions). KEYS: 1 batches, 2 texts, 3 examples, 4 first seen, 5 last seen,
 * 6 sources, 7 last counting batch per source, then the batch's minute, cap and hour keys. ARGV[1]: the JSON payload of `writeArgs`.
 *
 * A count is [minute key, cap key, hour key (0: past retention), minute slot, hour slot, severity,
 * template id, source, count, minute]. A template id not yet in its hour's cap set, once the set is
 * full, is counted as `other`: a host that logs a new template per line costs a bounded store.
 */
export const WRITE_BATCH = defineScript(`
local p = cjson.decode(ARGV[1])
if redis.call('ZSCORE', KEYS[1], p.id) or redis.call('HGET', KEYS[7], p.status.source) == p.id then return 0 end
local first, last = {}, {}
for _, c in ipairs(p.counts) do
  local tid = c[7]
  local cap = KEYS[c[2]]
  if tid ~= p.other and redis.call('SISMEMBER', cap, tid) == 0 then
    if redis.call('SCARD', cap) >= p.cap then tid = p.other else redis.call('SADD', cap, tid) end
  end
  local tail = '|' .. c[6] .. '|' .. tid .. '|' .. c[8]
  if c[1] > 0 then redis.call('HINCRBY', KEYS[c[1]], c[4] .. tail, c[9]) end
  if c[3] > 0 then redis.call('HINCRBY', KEYS[c[3]], c[5] .. tail, c[9]) end
  local m = c[10]
  if first[tid] == nil or m < first[tid] then first[tid] = m end
  if last[tid] == nil or m > last[tid] then last[tid] = m end
end
for tid, m in pairs(first) do
  redis.call('ZADD', KEYS[4], 'LT', m, tid)
  redis.call('ZADD', KEYS[5], 'GT', last[tid], tid)
end
if first[p.other] then redis.call('HSETNX', KEYS[2], p.other, p.otherText) end
for _, t in ipairs(p.templates) do
  local id = t[1]
  if id ~= p.other and (first[id] or redis.call('HEXISTS', KEYS[2], id) == 1) then
    redis.call('HSET', KEYS[2], id, t[2])
    local cur = redis.call('HGET', KEYS[3], id)
    local list = {}
    if cur then list = cjson.decode(cur) end
    local changed = false
    for _, ex in ipairs(t[3]) do
      if #list >= p.maxEx then break end
      local dup = false
      for _, have in ipairs(list) do if have == ex then dup = true end end
      if not dup then list[#list + 1] = ex; changed = true end
    end
    if changed then redis.call('HSET', KEYS[3], id, cjson.encode(list)) end
  end
end
local gone = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', '(' .. p.pruneBefore, 'LIMIT', 0, 100)
for _, tid in ipairs(gone) do
  redis.call('HDEL', KEYS[2], tid)
  redis.call('HDEL', KEYS[3], tid)
  redis.call('ZREM', KEYS[4], tid)
  redis.call('ZREM', KEYS[5], tid)
end
local st = p.status
local cur = redis.call('HGET', KEYS[6], st.source)
if cur then
  local old = cjson.decode(cur)
  if type(old.since) == 'number' and old.since < st.since then st.since = old.since end
end
redis.call('HSET', KEYS[6], st.source, cjson.encode(st))
redis.call('ZADD', KEYS[1], p.now, p.id)
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(p.keepBatches + 1))
if #p.counts > 0 then redis.call('HSET', KEYS[7], st.source, p.id) end
for i = 1, 7 do redis.call('PEXPIRE', KEYS[i], p.keepMeta) end
for _, e in ipairs(p.expire) do redis.call('PEXPIREAT', KEYS[e[1]], e[2]) end
return 1
`);
