-- The store contract's acquire (twilight-http-ratelimiting's store module,
-- MemoryStore is the reference), atomically. Times are Redis's clock, in
-- milliseconds, so that every instance reads the same one.
-- ARGV: bot prefix, ip prefix, route, major ("" for none), global (0/1),
-- global limit, global window, invalid limit, invalid window, lease, poll,
-- idle. Returns {1, id, generation, learner} or {0, wait, reason} with
-- reason 1 bucket, 2 learning, 3 global, 4 invalid requests, 5 halted,
-- 6 unauthorized (the bot's token was answered 401).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local bot, ip, route, major = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local global = ARGV[5] == '1'
local glimit, gwin = tonumber(ARGV[6]), tonumber(ARGV[7])
local ilimit, iwin = tonumber(ARGV[8]), tonumber(ARGV[9])
local lease, poll, idle = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])

local halted = tonumber(redis.call('GET', ip .. 'halt') or '0')
if halted > now then return {0, halted - now, 5} end
local inv = ip .. 'invalid'
redis.call('ZREMRANGEBYSCORE', inv, '-inf', now - iwin)
if ilimit > 0 then
  local n = redis.call('ZCARD', inv)
  if n >= ilimit then
    local leaving = redis.call('ZRANGE', inv, n - ilimit, n - ilimit, 'WITHSCORES')
    return {0, math.max(1, tonumber(leaving[2]) + iwin - now), 4}
  end
end

if global and redis.call('EXISTS', bot .. 'unauth') == 1 then return {0, iwin, 6} end

local name = redis.call('GET', bot .. 'h:' .. route) or route
local b = bot .. 'b:' .. name .. ':' .. major
local f = redis.call('HMGET', b, 'remaining', 'reset_at', 'blocked', 'learner', 'gen', 'unlimited')
local remaining = tonumber(f[1] or '')
local reset_at = tonumber(f[2] or '0')
local blocked = tonumber(f[3] or '0')
local learner_until = tonumber(f[4] or '0')
local gen = tonumber(f[5] or '0')
local unlimited = f[6] == '1'
if blocked > now then return {0, blocked - now, 1} end
local learn = false
if unlimited then
  -- no per-route limit
elseif remaining and reset_at > now then
  if remaining <= 0 then return {0, reset_at - now, 1} end
elseif learner_until > now then
  return {0, poll, 2}
else
  learn = true
end

local gi, gc = bot .. 'gi', bot .. 'gc'
local counted = global and glimit > 0
if counted then
  local paused = tonumber(redis.call('GET', bot .. 'gpause') or '0')
  if paused > now then return {0, paused - now, 3} end
  -- In flight: scored by the end of their lease; completed: by the time.
  redis.call('ZREMRANGEBYSCORE', gi, '-inf', now)
  redis.call('ZREMRANGEBYSCORE', gc, '-inf', now - gwin)
  local inflight = redis.call('ZCARD', gi)
  local done = redis.call('ZCARD', gc)
  if inflight + done >= glimit then
    local wait = poll
    if inflight < glimit then
      local leaving = inflight + done - glimit
      local at = redis.call('ZRANGE', gc, leaving, leaving, 'WITHSCORES')
      if at[2] then wait = math.max(1, tonumber(at[2]) + gwin - now) end
    end
    return {0, wait, 3}
  end
end

local id = redis.call('INCR', bot .. 'id')
if learn then
  gen = gen + 1
  redis.call('HDEL', b, 'remaining')
  redis.call('HSET', b, 'gen', gen, 'learner', now + lease)
elseif remaining and not unlimited then
  redis.call('HINCRBY', b, 'remaining', -1)
end
redis.call('PEXPIRE', b, math.max(idle, reset_at - now + idle, lease + idle))
if counted then
  redis.call('ZADD', gi, now + lease, id)
  redis.call('PEXPIRE', gi, lease + gwin)
end
if learn then return {1, id, gen, 1} end
return {1, id, gen, 0}
