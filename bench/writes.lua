-- wrk script: Workers changing Activity. bench.py writes the Workers' paths (one per line) to
-- WORKERS_FILE and the two Activity SIDs to ACTIVITIES; each request moves a random Worker to
-- a random one of them.
local workers = {}
local activities = {}

function init(args)
  for line in io.lines(os.getenv("WORKERS_FILE")) do
    workers[#workers + 1] = line
  end
  for sid in string.gmatch(os.getenv("ACTIVITIES"), "[^,]+") do
    activities[#activities + 1] = sid
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  local path = workers[math.random(#workers)]
  local body = "ActivitySid=" .. activities[math.random(#activities)]
  return wrk.format("POST", path, nil, body)
end
