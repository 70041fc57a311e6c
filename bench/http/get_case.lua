-- GET one case as an authorised staff user (API token with cases:read).
-- Env: DOCKET_TOKEN, DOCKET_CASES (space-separated case numbers to rotate through).
local token = os.getenv("DOCKET_TOKEN")
local cases = {}
for number in string.gmatch(os.getenv("DOCKET_CASES") or "", "%S+") do cases[#cases + 1] = number end
local i = 0
request = function()
  i = i + 1
  local path = "/api/v1/cases/" .. cases[(i % #cases) + 1]
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
