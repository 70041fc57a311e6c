-- GET one case as an authorised staff user (API token with cases:read).
-- Env: DOCKET_TOKEN, DOCKET_CASES (space-separated case numbers to rotate through).
-- The requests are formatted once, in init, so that wrk spends its share of
-- the two cores sending them rather than building strings in Lua.
local requests = {}
local i = 0
init = function(args)
  local headers = { ["Authorization"] = "Bearer " .. os.getenv("DOCKET_TOKEN") }
  for number in string.gmatch(os.getenv("DOCKET_CASES") or "", "%S+") do
    requests[#requests + 1] = wrk.format("GET", "/api/v1/cases/" .. number, headers)
  end
  assert(#requests > 0, "DOCKET_CASES names no case")
end
request = function()
  i = i + 1
  return requests[(i % #requests) + 1]
end
