-- wrk script for benchmarks/ingest: posts distinct api-channel messages into one inbox.
--
--   wrk -t2 -c64 -d20s --latency -s benchmarks/ingest.lua \
--       http://127.0.0.1:18099/api/v1/inboxes/ID/messages -- TOKEN [SENDERS] [RUN]
--
-- Every request carries a new external_id ("<run>-t<thread>-<counter>"), so each 201 is one new
-- message. The sender is drawn from SENDERS distinct sender ids (default 1000), so messages land in
-- a realistic mix of new and existing contacts and conversations.
--
-- done() prints one parseable line starting with "BENCH " (key=value pairs, times in ms), plus a
-- "BENCH_ERROR " line with the first unexpected response per thread, if any.

local threads = {}
local next_id = 1

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    local token = args[1]
    if token == nil or token == "" then
        error("usage: wrk ... -s ingest.lua URL -- TOKEN [SENDERS] [RUN]")
    end
    senders = tonumber(args[2] or "1000")
    run = args[3] or tostring(os.time())
    counter = 0
    created = 0
    duplicate = 0
    non2xx = 0
    first_error = ""
    math.randomseed(os.time() * 1000 + id)

    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Accept"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
    counter = counter + 1
    local sender = math.random(1, senders)
    local body = string.format(
        '{"external_id":"%s-t%d-%d","sender":{"external_id":"user-%d","name":"Bench User %d"},'
            .. '"content":"Hello, this is benchmark message %d from thread %d. My order has not arrived yet, can you check?"}',
        run, id, counter, sender, sender, counter, id)
    return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
    if status == 201 then
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
