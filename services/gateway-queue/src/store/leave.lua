-- A shard's client went away: it gives its place up, unless another
-- request (its client came back, maybe to another instance) holds it now.
-- ARGV: prefix, shard, holder id.
local p, shard, holder = ARGV[1], ARGV[2], ARGV[3]
if redis.call('GET', p .. 'holder:' .. shard) ~= holder then
  return 0
end
redis.call('DEL', p .. 'holder:' .. shard)
local mc = tonumber(redis.call('HGET', p .. 'limits', 'max_concurrency') or '1')
return redis.call('ZREM', p .. 'q:' .. (tonumber(shard) % mc), shard)
