import { LUA_HELPERS } from './lua-helpers.js';
import { defineScript } from './run-script.js';

/**
 * Reads one series for a range query, atomically with respect to compaction:
 * - tier 'raw': closed chunks overlapping [lo, hi] and the open chunk if it may overlap;
 * - tier 'rollup': the rolled-up mark, the tier windows asked for, and the raw samples newer than
 *   the mark (not rolled up yet), so answers reach the newest sample even between compactions.
 *
 * KEYS[1] rolled hash, KEYS[2] chunks, KEYS[3] open, KEYS[4] tier hash (rollup only).
 * ARGV[1] 'raw' | 'rollup', ARGV[2] lo, ARGV[3] hi (inclusive, ms), ARGV[4] series name,
 * ARGV[5..] tier window fields.
 * Returns { mark or nil, { tier chunks }, { raw chunks }, open chunk or nil }.
 */
export const RANGE_READ = defineScript(`${LUA_HELPERS}
local lo = tonumber(ARGV[2])
local hi = tonumber(ARGV[3])
local mark = false
local tiers = {}
if ARGV[1] == 'rollup' then
  mark = redis.call('HGET', KEYS[1], ARGV[4])
  if mark and tonumber(mark) + 1 > lo then lo = tonumber(mark) + 1 end
  if #ARGV >= 5 then tiers = redis.call('HMGET', KEYS[4], unpack(ARGV, 5)) end
end
local chunks = {}
local open = false
if lo <= hi then
  local endsAfter
  chunks, endsAfter = chunksBetween(KEYS[2], lo, hi)
  if not endsAfter then open = redis.call('GET', KEYS[3]) end
end
return { mark, tiers, chunks, open }
`);
