-- wrk script for benchmarks/reply: agents' replies spread over existing conversations.
--
--   wrk -t2 -c16 -d20s --latency -s benchmarks/reply.lua http://127.0.0.1:18097 -- TOKEN FIRST_ID COUNT
--
-- Each request posts a public reply to a conversation drawn from FIRST_ID … FIRST_ID+COUNT-1; a 201 is
-- one stored reply with its outbox row. done() prints the same "BENCH " line as benchmarks/ingest.

dofile("benchmarks/report.lua")

function init(args)
    local token = args[1]
    if token == nil or token == "" then
        error("usage: wrk ... -s reply.lua URL -- TOKEN FIRST_ID COUNT")
    end
    first = tonumber(args[2] or "1")
    count = tonumber(args[3] or "100")
    reset_counters()
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Accept"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
    counter = counter + 1
    local conversation = first + math.random(0, count - 1)
    local body = string.format('{"content":"Thank you for writing; we are looking into it (%d-%d)."}', id, counter)
    return wrk.format(nil, "/api/v1/conversations/" .. conversation .. "/messages", nil, body)
end

function response(status, headers, body)
    count_response(status, body, 201)
end
