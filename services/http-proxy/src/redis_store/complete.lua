-- The store contract's complete (MemoryStore::record is the reference),
-- atomically, on Redis's clock in milliseconds.
-- ARGV: bot prefix, ip prefix, route, major, id, generation, learner (0/1),
-- has effects (0/1), hash ("" for none), window remaining ("" for none),
-- window reset after, unlimited (0/1), hold ("", bucket, exhaust, global,
-- all), hold duration, invalid (0/1), margin, invalid window, global
-- window, idle, unauthorized (0/1), how long a refused token stays
-- refused.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local bot, ip, route, major = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local id, gen, learner = ARGV[5], tonumber(ARGV[6]), ARGV[7] == '1'
local has_effects, hash = ARGV[8] == '1', ARGV[9]
local wrem, wreset, unlimited = ARGV[10], tonumber(ARGV[11] or '0'), ARGV[12] == '1'
local hold, hold_ms, invalid = ARGV[13], tonumber(ARGV[14] or '0'), ARGV[15] == '1'
local margin, iwin, gwin, idle = tonumber(ARGV[16]), tonumber(ARGV[17]), tonumber(ARGV[18]), tonumber(ARGV[19])
local unauthorized, refused_for = ARGV[20] == '1', tonumber(ARGV[21])

if redis.call('ZREM', bot .. 'gi', id) == 1 then
  redis.call('ZADD', bot .. 'gc', now, id)
  redis.call('PEXPIRE', bot .. 'gc', gwin * 2 + 1000)
end
local hkey = bot .. 'h:' .. route
local known = redis.call('GET', hkey)
local b = bot .. 'b:' .. (known or route) .. ':' .. major
if learner and tonumber(redis.call('HGET', b, 'gen') or '-1') == gen then
  redis.call('HDEL', b, 'learner')
end
if not has_effects then return 0 end

local merged = false
if hash ~= '' and not known then
  -- The route is keyed by the hash from now on; its bucket moves there, a
  -- bucket the hash already has keeps its window (only narrowed).
  redis.call('SET', hkey, hash, 'PX', 86400000)
  local target = bot .. 'b:' .. hash .. ':' .. major
  if redis.call('EXISTS', target) == 1 then
    merged = true
  elseif redis.call('EXISTS', b) == 1 then
    redis.call('RENAME', b, target)
  end
  b = target
end

local f = redis.call('HMGET', b, 'remaining', 'reset_at', 'gen', 'blocked')
local remaining = tonumber(f[1] or '')
local reset_at = tonumber(f[2] or '0')
local current = merged or tonumber(f[3] or '0') == gen
if wrem ~= '' and current then
  local reset = now + wreset + margin
  if remaining and reset_at > now then
    reset_at = math.max(reset_at, reset)
    redis.call('HSET', b, 'remaining', math.min(remaining, tonumber(wrem)), 'reset_at', reset_at)
  else
    reset_at = reset
    redis.call('HSET', b, 'remaining', wrem, 'reset_at', reset_at)
  end
elseif unlimited and not remaining then
  redis.call('HSET', b, 'unlimited', 1)
end
local till = now + hold_ms
if hold == 'bucket' or hold == 'exhaust' then
  redis.call('HSET', b, 'blocked', math.max(tonumber(f[4] or '0'), till))
  if hold == 'exhaust' then
    reset_at = math.max(reset_at, till)
    redis.call('HSET', b, 'remaining', 0, 'reset_at', reset_at)
  end
elseif hold == 'global' then
  local paused = tonumber(redis.call('GET', bot .. 'gpause') or '0')
  redis.call('SET', bot .. 'gpause', math.max(paused, till), 'PX', hold_ms + 1000)
elseif hold == 'all' then
  local halted = tonumber(redis.call('GET', ip .. 'halt') or '0')
  redis.call('SET', ip .. 'halt', math.max(halted, till), 'PX', hold_ms + 1000)
end
redis.call('PEXPIRE', b, math.max(idle, reset_at - now + idle, hold_ms + idle))
if unauthorized then
  redis.call('SET', bot .. 'unauth', 1, 'PX', refused_for)
end
if invalid then
  local n = redis.call('INCR', ip .. 'iid')
  redis.call('ZADD', ip .. 'invalid', now, n)
  redis.call('PEXPIRE', ip .. 'invalid', iwin)
end
return 1
