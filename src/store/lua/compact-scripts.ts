import { LUA_HELPERS } from './lua-helpers.js';
import { defineScript } from './run-script.js';

/**
 * Snapshot of what a compaction needs, per series: newest accepted t, newest rolled-up t, the
 * closed chunks that end after the rolled-up mark, the open chunk, and the minute and hour tier
 * chunks of the window holding the rolled-up mark (their newest bucket may still grow).
 *
 * KEYS[1] state, KEYS[2] rolled; per series i: chunks, open, minute, hour at KEYS[3 + 4(i-1) ..].
 * ARGV[1] minute window ms, ARGV[2] hour window ms, ARGV[3..] series names.
 */
export const COMPACT_READ = defineScript(`${LUA_HELPERS}
local mW = tonumber(ARGV[1])
local hW = tonumber(ARGV[2])
local out = {}
for i = 1, (#KEYS - 2) / 4 do
  local b = 2 + 4 * (i - 1)
  local name = ARGV[2 + i]
  local last = newest(KEYS[b + 2], KEYS[1], name)
  local rolled = redis.call('HGET', KEYS[2], name)
  local e = { false, rolled, {}, false, false, false }
  if last then e[1] = fmt(last) end
  if last and last >= 0 and (not rolled or tonumber(rolled) < last) then
    local r = -1
    if rolled then r = tonumber(rolled) end
    e[3] = chunksBetween(KEYS[b + 1], r + 1, math.huge)
    e[4] = redis.call('GET', KEYS[b + 2])
    if rolled then
      e[5] = redis.call('HGET', KEYS[b + 3], fmt(math.floor(r / mW) * mW))
      e[6] = redis.call('HGET', KEYS[b + 4], fmt(math.floor(r / hW) * hW))
    end
  end
  out[i] = e
end
return out
`);

/**
 * Writes rollups, moves the rolled-up mark and trims, for one host's series. All-or-nothing: if a
 * concurrent compaction moved any mark since the read, nothing is written (-1).
 *
 * KEYS as COMPACT_READ. ARGV[1] raw cutoff (now - raw retention), ARGV[2] minute window starts at or
 * below this are past retention, ARGV[3] same for hours, ARGV[4] series whose newest sample is older
 * than this have nothing left and are forgotten. Then per series: name, expected mark ('' none),
 * new mark ('' unchanged), mc, mc pairs (window, chunk), hc, hc pairs.
 * Returns { 1 or -1, trimmed chunks and windows }.
 */
export const COMPACT_WRITE = defineScript(`${LUA_HELPERS}
local n = (#KEYS - 2) / 4
local starts = {}
local pos = 5
for i = 1, n do
  starts[i] = pos
  if (redis.call('HGET', KEYS[2], ARGV[pos]) or '') ~= ARGV[pos + 1] then return { -1, 0 } end
  local mc = tonumber(ARGV[pos + 3])
  pos = pos + 5 + 2 * mc + 2 * tonumber(ARGV[pos + 4 + 2 * mc])
end
local rawCut = tonumber(ARGV[1])
local cuts = { tonumber(ARGV[2]), tonumber(ARGV[3]) }
local deadCut = tonumber(ARGV[4])
local trimmed = 0
local function dropFields(key, pred)
  for _, f in ipairs(redis.call('HKEYS', key)) do
    if pred(tonumber(f)) then
      redis.call('HDEL', key, f)
      trimmed = trimmed + 1
    end
  end
end
for i = 1, n do
  local p = starts[i]
  local b = 2 + 4 * (i - 1)
  local name = ARGV[p]
  local q = p + 3
  for tier = 1, 2 do
    local c = tonumber(ARGV[q])
    for j = 0, c - 1 do redis.call('HSET', KEYS[b + 2 + tier], ARGV[q + 1 + 2 * j], ARGV[q + 2 + 2 * j]) end
    q = q + 1 + 2 * c
  end
  local rolled = ARGV[p + 2]
  if rolled == '' then rolled = ARGV[p + 1] else redis.call('HSET', KEYS[2], name, rolled) end
  if rolled ~= '' then
    -- A closed chunk goes once its last sample is both rolled up and past raw retention.
    local cut = math.min(tonumber(rolled) + 1, rawCut)
    dropFields(KEYS[b + 1], function(e) return e < cut end)
  end
  for tier = 1, 2 do dropFields(KEYS[b + 2 + tier], function(w) return w <= cuts[tier] end) end
  local last = newest(KEYS[b + 2], KEYS[1], name)
  local done = last and rolled ~= '' and tonumber(rolled) >= last
  if done and last < deadCut then
    redis.call('DEL', KEYS[b + 1], KEYS[b + 2], KEYS[b + 3], KEYS[b + 4])
    redis.call('HDEL', KEYS[1], name)
    redis.call('HDEL', KEYS[2], name)
  elseif done and last < rawCut and redis.call('EXISTS', KEYS[b + 2]) == 1 then
    -- A series that went quiet keeps its last few samples in the open chunk; once they are rolled
    -- up and past raw retention they go too, and the state entry keeps the dedupe mark.
    redis.call('HSET', KEYS[1], name, fmt(last))
    trimmed = trimmed + redis.call('DEL', KEYS[b + 2])
  end
end
return { 1, trimmed }
`);
