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

dofile("benchmarks/report.lua")

function init(args)
    local token = args[1]
    if token == nil or token == "" then
        error("usage: wrk ... -s ingest.lua URL -- TOKEN [SENDERS] [RUN]")
    end
    senders = tonumber(args[2] or "1000")
    run = args[3] or tostring(os.time())
    reset_counters()

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
    count_response(status, body, 201)
end

