-- New limits, in one atomic step. ARGV: prefix, max_concurrency,
-- remaining, reset_after ms, total, window ms, reserve, force (1/0).
-- Waiting shards move to the buckets of the new max_concurrency in their
-- order; recent grants still count against their shard's new bucket. While
-- the day's period runs, remaining only goes down unless forced, so that a
-- restarted instance or a stale answer never hands out sessions twice.
-- Returns the sessions left.
local p = ARGV[1]
local mc = math.max(tonumber(ARGV[2]), 1)
local window = tonumber(ARGV[6])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local old_mc = tonumber(redis.call('HGET', p .. 'limits', 'max_concurrency') or '0')
if old_mc ~= 0 and old_mc ~= mc then
  local waiting, lasts = {}, {}
  for b = 0, old_mc - 1 do
    local q = p .. 'q:' .. b
    local items = redis.call('ZRANGE', q, 0, -1, 'WITHSCORES')
    for i = 1, #items, 2 do
      waiting[#waiting + 1] = {items[i], items[i + 1]}
    end
    redis.call('DEL', q)
    local last = redis.call('GET', p .. 'last:' .. b)
    if last then
      lasts[#lasts + 1] = last
      redis.call('DEL', p .. 'last:' .. b)
    end
  end
  for _, item in ipairs(waiting) do
    redis.call('ZADD', p .. 'q:' .. (tonumber(item[1]) % mc), item[2], item[1])
  end
  for _, last in ipairs(lasts) do
    local at, shard = string.match(last, '^(%d+):(%d+)$')
    local key = p .. 'last:' .. (tonumber(shard) % mc)
    local current = redis.call('GET', key)
    if (not current) or tonumber(string.match(current, '^(%d+)')) < tonumber(at) then
      redis.call('SET', key, last, 'PX', math.max(window * 2, 1000))
    end
  end
end
redis.call('HSET', p .. 'limits', 'max_concurrency', mc, 'window_ms', window, 'reserve', ARGV[7])
local d = p .. 'daily'
local remaining = tonumber(ARGV[3])
local reset_at = now + tonumber(ARGV[4])
local old_reset = tonumber(redis.call('HGET', d, 'reset_at') or '-1')
if ARGV[8] ~= '1' and old_reset > now then
  remaining = math.min(remaining, tonumber(redis.call('HGET', d, 'remaining')))
  reset_at = old_reset
end
redis.call('HSET', d, 'remaining', remaining, 'total', ARGV[5], 'reset_at', reset_at)
return remaining
