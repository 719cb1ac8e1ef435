/**
 * Lua shared by the scripts that read raw data. Closed chunks live in a hash keyed by the t of
 * their last sample, so "chunks that can hold t > x" is a scan of the (few dozen) field names.
 */
export const LUA_HELPERS = `
local function newest(openKey, stateKey, name)
  local tail = redis.call('GETRANGE', openKey, -16, -9)
  if #tail == 8 then return struct.unpack('>d', tail) end
  local s = redis.call('HGET', stateKey, name)
  if s then return tonumber(s) end
  return nil
end

local function fmt(x)
  return string.format('%.0f', x)
end

-- Closed chunks whose last t is in [lo, hi], in time order, plus the first one ending after hi.
-- Returns the chunks and whether one ends after hi (then the open chunk cannot overlap).
local function chunksBetween(key, lo, hi)
  local ends = {}
  local after = nil
  for _, f in ipairs(redis.call('HKEYS', key)) do
    local e = tonumber(f)
    if e >= lo and e <= hi then
      ends[#ends + 1] = e
    elseif e > hi and (after == nil or e < after) then
      after = e
    end
  end
  table.sort(ends)
  if after ~= nil then ends[#ends + 1] = after end
  if #ends == 0 then return {}, false end
  local fields = {}
  for i, e in ipairs(ends) do fields[i] = fmt(e) end
  return redis.call('HMGET', key, unpack(fields)), after ~= nil
end
`;
