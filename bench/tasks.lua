-- wrk script: Tasks created through a Workflow. bench.py sets TASKS_PATH (the Workspace's Tasks
-- URL path), WORKFLOW (the Workflow's SID) and TEAMS (how many teams); each request creates a
-- Task for a random team. Every answer is read: one that does not say
-- "assignment_status":"reserved" is counted as not reserved. MAX_TASKS_PER_THREAD, if set and
-- not 0, stops each of wrk's threads once that many answers have come back to it, so the
-- Workers' capacity is never exhausted. done() prints the counts on one line starting with
-- "tasks:".
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  tasks_path = os.getenv("TASKS_PATH")
  workflow = os.getenv("WORKFLOW")
  teams = tonumber(os.getenv("TEAMS") or "10")
  limit = tonumber(os.getenv("MAX_TASKS_PER_THREAD") or "0")
  answered, reserved = 0, 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  local body = "WorkflowSid=" .. workflow ..
      "&Attributes=%7B%22team%22%3A" .. math.random(0, teams - 1) .. "%7D" ..
      "&TaskChannel=default&Priority=" .. math.random(0, 10)
  return wrk.format("POST", tasks_path, nil, body)
end

function response(status, headers, body)
  answered = answered + 1
  if status == 201 and string.find(body, '"assignment_status":"reserved"', 1, true) then
    reserved = reserved + 1
  end
  if limit > 0 and answered >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local answered_all, reserved_all = 0, 0
  for _, thread in ipairs(threads) do
    answered_all = answered_all + thread:get("answered")
    reserved_all = reserved_all + thread:get("reserved")
  end
  io.write(string.format("tasks: answered %d reserved %d\n", answered_all, reserved_all))
end
