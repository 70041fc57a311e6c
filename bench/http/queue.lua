-- GET a page of the queue (50 most urgent open cases of a stage) as a staff user.
local token = os.getenv("DOCKET_TOKEN")
local stages = { "triage", "investigation", "panel_decision", "received" }
local i = 0
request = function()
  i = i + 1
  local path = "/api/v1/cases?limit=50&stage=" .. stages[(i % #stages) + 1]
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
