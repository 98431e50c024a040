-- wrk script: POST the foundation's nested query (100 communities →
-- pairings → group → university) as the viewer of $TOKEN.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
wrk.body = [[{"query":"query Nested { communities(first: 100, orderBy: [{field: CODE}]) { totalCount edges { node { id name pairings(first: 3) { totalCount edges { node { status group { name university { name code } } } } } } } } }"}]]

local errors = 0
response = function(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    errors = errors + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.2f ms, p99: %.2f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("non-2xx or GraphQL errors: %d\n", errors + summary.errors.status))
end
