-- GET a page of the queue (50 most urgent open cases of a stage) as a staff user.
-- The requests are formatted once, in init (see get_case.lua).
local stages = { "triage", "investigation", "panel_decision", "received" }
local requests = {}
local i = 0
init = function(args)
  local headers = { ["Authorization"] = "Bearer " .. os.getenv("DOCKET_TOKEN") }
  for _, stage in ipairs(stages) do
    requests[#requests + 1] = wrk.format("GET", "/api/v1/cases?limit=50&stage=" .. stage, headers)
  end
end
request = function()
  i = i + 1
  return requests[(i % #requests) + 1]
end
