-- wrk script for bench/run.sh and bench/soak.sh: POSTs the envelope in $BODY
-- (a file) with Content-Type application/json, and prints one machine-readable
-- RESULT line with throughput, latency percentiles (microseconds) and errors.
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

-- With DELAY_MS set, each connection pauses that long between requests: a light,
-- steady load whose latencies are service times rather than queueing.
local pause = tonumber(os.getenv("DELAY_MS") or "")
if pause then
  function delay() return pause end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f bytes=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    summary.bytes, e.status, e.connect, e.read, e.write, e.timeout))
end
