-- wrk script for `BENCH_CHANNEL=telegram benchmarks/ingest`: posts Telegram-shaped webhook updates,
-- with the secret-token header, into one Telegram inbox.
--
--   wrk -t2 -c64 -d20s --latency -s benchmarks/telegram.lua \
--       http://127.0.0.1:18099/webhooks/UID -- SECRET [SENDERS] [RUN]
--
-- Every update has a new update_id and message_id, so each 200 is one new message (Telegram webhooks
-- are answered 200 whether new or redelivered). Senders are drawn from SENDERS private chats.
-- done() prints the same "BENCH " line as ingest.lua.

dofile("benchmarks/report.lua")

function init(args)
    local secret = args[1]
    if secret == nil or secret == "" then
        error("usage: wrk ... -s telegram.lua URL -- SECRET [SENDERS] [RUN]")
    end
    senders = tonumber(args[2] or "1000")
    run = tonumber(args[3] or tostring(os.time())) % 100000
    reset_counters()

    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = secret
end

function request()
    counter = counter + 1
    local sender = 100000 + math.random(1, senders)
    -- Unique per run, thread and request: message ids only need to be unique within a chat.
    local message_id = (run * 100 + id) * 10000000 + counter
    local body = string.format(
        '{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"Bench",'
            .. '"last_name":"User %d","language_code":"uk"},"chat":{"id":%d,"type":"private","first_name":"Bench"},'
            .. '"date":1763900000,"text":"Hello, this is benchmark message %d from thread %d. Привіт! Can you check my order?"}}',
        message_id, message_id, sender, sender, sender, counter, id)
    return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
    count_response(status, body, 200)
end
