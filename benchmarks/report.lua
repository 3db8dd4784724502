-- Shared by the wrk scripts of benchmarks/ingest: sums the threads' counters and prints one
-- parseable "BENCH " line (key=value pairs, times in ms), plus a "BENCH_ERROR " line with the first
-- unexpected response per thread, if any. Loaded with dofile from the repository root.
--
-- Each thread counts with count_response(status, body, created_status): created_status is the
-- answer that means "a new message was stored" (201 for the api channel, 200 for webhooks).

local threads = {}
local next_id = 1

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function reset_counters()
    counter = 0
    created = 0
    duplicate = 0
    non2xx = 0
    first_error = ""
    math.randomseed(os.time() * 1000 + id)
end

function count_response(status, body, created_status)
    if status == created_status then
        created = created + 1
    elseif status == 200 then
        -- 200 is the idempotent answer to a repeated external_id: must not happen here.
        duplicate = duplicate + 1
    end
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
        if first_error == "" then
            first_error = status .. " " .. string.sub(tostring(body or ""), 1, 300)
        end
    end
end

function done(summary, latency, requests)
    local created_total, duplicate_total, non2xx_total = 0, 0, 0
    local errors = {}
    for _, thread in ipairs(threads) do
        created_total = created_total + (thread:get("created") or 0)
        duplicate_total = duplicate_total + (thread:get("duplicate") or 0)
        non2xx_total = non2xx_total + (thread:get("non2xx") or 0)
        local message = thread:get("first_error")
        if message ~= nil and message ~= "" then
            table.insert(errors, message)
        end
    end
    local seconds = summary.duration / 1e6
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_s=%.3f rps=%.1f created=%d duplicate=%d non2xx=%d"
            .. " connect_errors=%d read_errors=%d write_errors=%d timeouts=%d"
            .. " p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f mean_ms=%.2f\n",
        summary.requests, seconds, summary.requests / seconds, created_total, duplicate_total, non2xx_total,
        e.connect, e.read, e.write, e.timeout,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency.max / 1000, latency.mean / 1000))
    for _, message in ipairs(errors) do
        io.write("BENCH_ERROR " .. (string.gsub(message, "\n", " ")) .. "\n")
    end
end
