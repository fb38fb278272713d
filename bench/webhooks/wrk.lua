-- wrk script for bench/webhooks: posts each prepared request once, then says "done" so that the bench
-- stops wrk at once (wrk itself always runs for its whole -d). Throughput is timed here, from the first
-- request to the last answer, with the monotonic clock through LuaJIT's ffi.
-- args: <requests file> (each request as "<byte length>\n<bytes>")
local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } booty_timespec;
int clock_gettime(int clk_id, booty_timespec *tp);
]])
local ts = ffi.new("booty_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local reqs, count, sent = {}, 0, 0
answered, started, elapsed = 0, 0, 0
function init(args)
  local f = assert(io.open(args[1], "rb"))
  local data = f:read("*a")
  f:close()
  local pos = 1
  while pos <= #data do
    local nl = data:find("\n", pos, true)
    local len = tonumber(data:sub(pos, nl - 1))
    count = count + 1
    reqs[count] = data:sub(nl + 1, nl + len)
    pos = nl + 1 + len
  end
end

function request()
  if sent == 0 then started = now_us() end
  sent = sent + 1
  -- Past the last prepared request (connections still open), repeat the first: those answers are not counted.
  return reqs[sent] or reqs[1]
end

function response(status, headers, body)
  answered = answered + 1
  if answered == count then
    elapsed = now_us() - started
    io.write("done\n")
    io.flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local t = threads[1]
  io.write(string.format('{"answered":%d,"us":%d,"p50":%d,"p99":%d,"badStatus":%d,"socketErrors":%d}\n',
    t:get("answered"), t:get("elapsed"), latency:percentile(50), latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
