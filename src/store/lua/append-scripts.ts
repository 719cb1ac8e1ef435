import { defineScript } from './run-script.js';

/**
 * Appends one host's batch. Per series, samples with t <= the newest accepted t are skipped (the
 * dedupe rule: a re-sent spool cannot duplicate), the rest is one APPEND of 16-byte records.
 *
 * The host mark is >= every accepted t of the host. A live snapshot is newer than the mark, so it
 * needs no per-series check at all; only re-sent or out-of-order batches look up each series'
 * newest t: the open chunk's last record, or when that is empty the state entry (newest closed t).
 * Per-series Redis calls dominate the cost of a snapshot, hence the fast path.
 * A series whose open chunk was empty gets its state entry created if missing (the index).
 * Buffers that reached the close threshold are returned so the caller can encode and close them.
 * Everything but the keys travels in one binary argument: per-argument overhead in the client
 * dominated the cost of a snapshot call.
 *
 * KEYS[1] state hash, KEYS[2] host mark; KEYS[2+i] open chunk of series i, whose name is the key
 * minus ARGV[2] bytes. ARGV[1] close threshold in bytes; ARGV[3] per series: count k (u32 BE),
 * k records (t, v doubles BE) ascending in t; ARGV[4] smallest t of the batch, ARGV[5] largest.
 * Returns { new series count, { index, buffer, index, buffer, ... } }.
 */
export const APPEND = defineScript(`
local st = KEYS[1]
local threshold = tonumber(ARGV[1])
local cut = tonumber(ARGV[2])
local blob = ARGV[3]
local mark = tonumber(redis.call('GET', KEYS[2]) or '-1')
local fast = tonumber(ARGV[4]) > mark
local fresh = 0
local full = {}
local off = 1
for i = 1, #KEYS - 2 do
  local key = KEYS[2 + i]
  local k = struct.unpack('>I4', blob, off)
  off = off + 4
  local skip = 0
  if not fast then
    local lastT = -1
    local tail = redis.call('GETRANGE', key, -16, -9)
    if #tail == 8 then
      lastT = struct.unpack('>d', tail)
    else
      lastT = tonumber(redis.call('HGET', st, string.sub(key, cut + 1)) or '-1')
    end
    while skip < k and struct.unpack('>d', blob, off + skip * 16) <= lastT do skip = skip + 1 end
  end
  if skip < k then
    local bytes = (k - skip) * 16
    local len = redis.call('APPEND', key, string.sub(blob, off + skip * 16, off + k * 16 - 1))
    if len == bytes then
      fresh = fresh + redis.call('HSETNX', st, string.sub(key, cut + 1), '-1')
    end
    if len >= threshold then
      full[#full + 1] = i - 1
      full[#full + 1] = redis.call('GET', key)
    end
  end
  off = off + k * 16
end
if tonumber(ARGV[5]) > mark then redis.call('SET', KEYS[2], ARGV[5]) end
return { fresh, full }
`);

/**
 * Turns the head of open chunks into closed chunks. Safe against a concurrent closer: samples are
 * strictly increasing, so an unchanged first record proves nobody closed this buffer meanwhile.
 * The state entry becomes the chunk's last t, which stays the dedupe mark if the open chunk empties.
 *
 * KEYS[1] state; per series i: open KEYS[2i], chunks KEYS[2i+1].
 * ARGV per series: name, first record (16 bytes), bytes consumed, t of the chunk's last sample
 * (decimal: its hash field and the new state entry), chunk.
 */
export const CLOSE = defineScript(`
local closed = 0
for i = 1, (#KEYS - 1) / 2 do
  local open = KEYS[2 * i]
  local a = (i - 1) * 5
  if redis.call('GETRANGE', open, 0, 15) == ARGV[a + 2] then
    local len = tonumber(ARGV[a + 3])
    local buf = redis.call('GET', open)
    if #buf >= len then
      if #buf == len then redis.call('DEL', open) else redis.call('SET', open, string.sub(buf, len + 1)) end
      redis.call('HSET', KEYS[2 * i + 1], ARGV[a + 4], ARGV[a + 5])
      redis.call('HSET', KEYS[1], ARGV[a + 1], ARGV[a + 4])
      closed = closed + 1
    end
  end
end
return closed
`);

/**
 * Writes a bulk append (backfill, spool flush) prepared by the caller from a snapshot of state and
 * open chunks. All-or-nothing: if any series changed since the snapshot (state entry or open chunk
 * length), nothing is written and the caller retries.
 *
 * KEYS[1] state, KEYS[2] host mark; per series i: open KEYS[2i+1], chunks KEYS[2i+2].
 * ARGV[1] n, ARGV[2] largest t written; per series: name, expected state entry ('' none), expected
 * open length, new state entry, new open chunk, m, then m pairs (chunk's last t, chunk).
 * Returns new series count, or -1 on conflict.
 */
export const BULK_WRITE = defineScript(`
local st = KEYS[1]
local n = tonumber(ARGV[1])
local starts = {}
local pos = 3
for i = 1, n do
  starts[i] = pos
  if (redis.call('HGET', st, ARGV[pos]) or '') ~= ARGV[pos + 1] then return -1 end
  if redis.call('STRLEN', KEYS[2 * i + 1]) ~= tonumber(ARGV[pos + 2]) then return -1 end
  pos = pos + 6 + 2 * tonumber(ARGV[pos + 5])
end
local fresh = 0
for i = 1, n do
  local p = starts[i]
  if ARGV[p + 1] == '' then fresh = fresh + 1 end
  local rest = ARGV[p + 4]
  if #rest == 0 then redis.call('DEL', KEYS[2 * i + 1]) else redis.call('SET', KEYS[2 * i + 1], rest) end
  for j = 0, tonumber(ARGV[p + 5]) - 1 do
    redis.call('HSET', KEYS[2 * i + 2], ARGV[p + 6 + 2 * j], ARGV[p + 7 + 2 * j])
  end
  redis.call('HSET', st, ARGV[p], ARGV[p + 3])
end
if tonumber(ARGV[2]) > tonumber(redis.call('GET', KEYS[2]) or '-1') then redis.call('SET', KEYS[2], ARGV[2]) end
return fresh
`);
