-- Every request as if from a listener never seen before: a random X-Forwarded-For address (the app runs with
-- TRUST_PROXY=1), so download analytics writes one row per request, its worst case. wrk-report.lua is appended
-- to this script by run-wrk.ts.
local thread_offset = 0
setup = function(thread)
  thread_offset = thread_offset + 1
  thread:set("offset", thread_offset)
end
init = function()
  math.randomseed(os.time() * 1000 + (offset or 0))
end
request = function()
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format()
end
