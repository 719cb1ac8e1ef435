import { LUA_HELPERS } from './lua-helpers.js';
import { defineScript } from './run-script.js';

/**
 * Raw part of a range query for one series. For the raw tier: closed chunks overlapping [lo, hi]
 * and the open chunk if it may overlap. For a rollup tier (ARGV[1] = 'rollup') the rolled-up mark
 * and only the raw samples newer than it (not rolled up yet), so answers reach the newest sample
 * even between compactions. The tier windows themselves are read by a plain HMGET in the same
 * MULTI: atomic with this script, without copying large chunks through Lua.
 *
 * When everything closed is rolled up already (the usual case: compaction runs more often than
 * chunks close), the closed chunks are not even listed: the tail is the open chunk.
 *
 * KEYS[1] rolled hash, KEYS[2] chunks, KEYS[3] open, KEYS[4] state. ARGV[1] 'raw' | 'rollup',
 * ARGV[2] lo, ARGV[3] hi (inclusive, ms), ARGV[4] series name.
 * Returns { mark or nil, { raw chunks }, open chunk or nil }.
 */
export const RANGE_READ = defineScript(`${LUA_HELPERS}
local lo = tonumber(ARGV[2])
local hi = tonumber(ARGV[3])
local mark = false
if ARGV[1] == 'rollup' then
  mark = redis.call('HGET', KEYS[1], ARGV[4])
  if mark and tonumber(mark) + 1 > lo then lo = tonumber(mark) + 1 end
end
local chunks = {}
local open = false
if lo <= hi then
  local closedUpTo = tonumber(redis.call('HGET', KEYS[4], ARGV[4]) or '-1')
  if mark and closedUpTo < lo then
    open = redis.call('GET', KEYS[3])
  else
    local endsAfter
    chunks, endsAfter = chunksBetween(KEYS[2], lo, hi)
    if not endsAfter then open = redis.call('GET', KEYS[3]) end
  end
end
return { mark, chunks, open }
`);
