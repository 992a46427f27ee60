-- One shard asks for its turn; one atomic step (see src/store/redis.rs for
-- the key layout). ARGV: prefix, shard, holder id, lease ms.
-- Returns {kind, a, b}: 0 queued (a: ms until its bucket's next window,
-- b: its place), 1 wait (a: ms, b: 1 if parked for the daily reset),
-- 2 granted (a: bucket, b: sessions left), 3 no limits set yet.
local p, shard, holder, lease = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local mc = tonumber(redis.call('HGET', p .. 'limits', 'max_concurrency') or '0')
if mc == 0 then
  return {3, 0, 0}
end
local window = tonumber(redis.call('HGET', p .. 'limits', 'window_ms'))
local reserve = tonumber(redis.call('HGET', p .. 'limits', 'reserve'))
-- Redis's clock, so that instances with different clocks agree.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local bucket = tonumber(shard) % mc
local q = p .. 'q:' .. bucket
if not redis.call('ZSCORE', q, shard) then
  redis.call('ZADD', q, redis.call('INCR', p .. 'seq'), shard)
end
redis.call('SET', p .. 'holder:' .. shard, holder, 'PX', lease)
local next_slot = now
local last = redis.call('GET', p .. 'last:' .. bucket)
if last then
  local at = tonumber(string.match(last, '^(%d+)'))
  if at + window > now then
    next_slot = at + window
  end
end
-- Shards before it whose holder stopped renewing (their instance died and
-- their client did not come back) give their place up.
while true do
  local head = redis.call('ZRANGE', q, 0, 0)[1]
  if head == shard then
    break
  end
  if redis.call('EXISTS', p .. 'holder:' .. head) == 1 then
    return {0, next_slot - now, redis.call('ZRANK', q, shard)}
  end
  redis.call('ZREM', q, head)
end
local d = p .. 'daily'
local remaining = tonumber(redis.call('HGET', d, 'remaining'))
local reset_at = tonumber(redis.call('HGET', d, 'reset_at'))
if now >= reset_at then
  remaining = tonumber(redis.call('HGET', d, 'total'))
  reset_at = now + 86400000
  redis.call('HSET', d, 'remaining', remaining, 'reset_at', reset_at)
end
if remaining <= reserve then
  return {1, reset_at - now, 1}
end
if next_slot > now then
  return {1, next_slot - now, 0}
end
redis.call('ZREM', q, shard)
redis.call('DEL', p .. 'holder:' .. shard)
redis.call('SET', p .. 'last:' .. bucket, now .. ':' .. shard, 'PX', math.max(window * 2, 1000))
remaining = remaining - 1
redis.call('HSET', d, 'remaining', remaining)
return {2, bucket, remaining}
