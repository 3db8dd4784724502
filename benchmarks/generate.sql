-- A year of a help line, written by PostgreSQL itself (generate_series, set-based INSERTs), for the report
-- and console benchmarks. Run by benchmarks/generate, which sets the variables:
--   account        the account that receives the data (its admin stays as it is)
--   conversations  how many conversations (200000)
--   mean_messages  messages of the contact and agents per conversation, on average (4.66; 1 … 8 each),
--                  plus a greeting in the first two inboxes: about 1,000,000 in all
--   agents         agents, in 3 teams (50)
--   inboxes        inboxes (10)
--   days           the days before today the conversations are spread over (365)
--   seed           random seed, so two runs write the same data (0.42)
--
-- The per-conversation metrics (sql/0060) are derived from the generated messages with the same
-- definitions the application stamps them by (and sql/0060's backfill computes them by): first human
-- reply, first response since the last reopen, reply time per human reply (since the contact's oldest
-- unanswered message), the oldest unanswered message of what is still open, the first assignment. The
-- row triggers (event log, agent load, stamps) are off while it writes — the event log would otherwise get a
-- row per message — and the derived columns are written afterwards.
\set ON_ERROR_STOP on
\o /dev/null
SET session_replication_role = replica;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
SELECT setseed(:seed);

UPDATE accounts SET time_zone = 'Europe/Kyiv' WHERE id = :account;

-- Teams, agents (email unique per run), inboxes (channels without background polling).
INSERT INTO teams (account_id, name)
SELECT :account, name FROM unnest(ARRAY['Legal aid', 'Health', 'Housing']) AS name;
CREATE TEMP TABLE gen_team AS
SELECT row_number() OVER (ORDER BY id) - 1 AS t, id
FROM (SELECT id FROM teams WHERE account_id = :account ORDER BY id DESC LIMIT 3) x;

INSERT INTO agents (account_id, name, email, role, availability, capacity, created_at)
SELECT :account, 'Agent ' || g, 'agent' || g || '-' || md5(random()::text) || '@bench.example.org', 'agent', 'offline', 20,
       now() - make_interval(days => :days + 1)
FROM generate_series(1, :agents) AS g;
CREATE TEMP TABLE gen_agent AS
SELECT row_number() OVER (ORDER BY id) AS a, id
FROM (SELECT id FROM agents WHERE account_id = :account AND email LIKE '%@bench.example.org' ORDER BY id DESC LIMIT :agents) x;
INSERT INTO team_members (account_id, team_id, agent_id)
SELECT :account, t.id, a.id FROM gen_agent a JOIN gen_team t ON t.t = (a.a - 1) % 3;

INSERT INTO inboxes (account_id, uid, name, channel_kind, team_id, office_hours, created_at)
SELECT :account, md5(random()::text), 'Inbox ' || g,
       (ARRAY['api', 'telegram', 'webform', 'whatsapp', 'viber', 'vk', 'telegram', 'api', 'webform', 'telegram'])[1 + (g - 1) % 10],
       (SELECT id FROM gen_team WHERE t = (g - 1) % 3),
       CASE WHEN g % 3 = 1 THEN '{"time_zone": "Europe/Kyiv", "weekly": {"mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]],
            "wed": [["09:00", "18:00"]], "thu": [["09:00", "18:00"]], "fri": [["09:00", "17:00"]]}, "holidays": []}'::jsonb END,
       now() - make_interval(days => :days + 1)
FROM generate_series(1, :inboxes) AS g;
CREATE TEMP TABLE gen_inbox AS
SELECT row_number() OVER (ORDER BY id) AS n, id, team_id
FROM (SELECT id, team_id FROM inboxes WHERE account_id = :account ORDER BY id DESC LIMIT :inboxes) x;

-- The plan of each conversation: when (weekdays and office hours heavier, in the account's zone), where,
-- who, how many messages, whether it is answered, reopened, assigned, resolved, rated.
CREATE TEMP TABLE gen_plan AS
WITH raw AS (
    SELECT g,
           current_date - 1 - floor(random() * :days)::int AS day0,
           CASE WHEN random() < 0.75 THEN 8 * 3600 + random() * 10 * 3600 ELSE random() * 86400 END AS sec,
           1 + floor(power(random(), 1.5) * :inboxes)::int AS inbox_n,
           1 + floor(random() * (2 * :mean_messages - 1))::int AS k,
           random() AS r_reply, random() AS r_reopen, random() AS r_assign, random() AS r_open, random() AS r_csat,
           random() AS r_rate, random() AS r_cat, random() AS r_lab, random() AS r_prio, random() AS r_agent
    FROM generate_series(1, :conversations) AS g
), dated AS (
    -- Weekends are quieter: 60% of weekend draws move to the Friday before.
    SELECT raw.*, CASE WHEN extract(isodow FROM day0) > 5 AND random() < 0.6
                       THEN day0 - (extract(isodow FROM day0)::int - 5) ELSE day0 END AS day
    FROM raw
)
SELECT g,
       ((day + make_interval(secs => sec)) AT TIME ZONE 'Europe/Kyiv') AS created_at,
       i.id AS inbox_id, i.team_id, (i.n <= 2) AS greeting,
       k, (k = 1 OR r_reply < 0.05) AS unanswered,
       (k >= 4 AND r_reopen < 0.06) AS reopened,
       CASE WHEN r_assign < 0.9 THEN (SELECT a.id FROM gen_agent a
            WHERE (a.a - 1) % 3 = (i.n - 1) % 3 ORDER BY a.a OFFSET floor(r_agent * 16)::int LIMIT 1) END AS assignee_id,
       5 * exp(random() * 7) AS wait_seconds,
       CASE WHEN r_cat < 0.6 THEN (ARRAY['Legal/Housing', 'Legal/Family', 'Legal/Labour', 'Health', 'Health/Medicine',
            'Benefits', 'Benefits/Pension', 'Other'])[1 + floor(r_cat / 0.6 * 8)::int] END AS category,
       CASE WHEN r_lab < 0.5 THEN '{}'::text[]
            WHEN r_lab < 0.8 THEN ARRAY[(ARRAY['urgent', 'returning', 'children', 'disability', 'idp', 'elderly', 'callback', 'spam'])[1 + floor(random() * 8)::int]]
            ELSE ARRAY['returning', (ARRAY['urgent', 'children', 'disability', 'idp'])[1 + floor(random() * 4)::int]] END AS labels,
       CASE WHEN r_prio < 0.8 THEN 'none' WHEN r_prio < 0.9 THEN 'medium' WHEN r_prio < 0.97 THEN 'high' ELSE 'urgent' END AS priority,
       r_open, r_csat, r_rate
FROM dated JOIN gen_inbox i ON i.n = dated.inbox_n;

-- Conversation ids follow time, as they would have.
CREATE TEMP TABLE gen_conv AS
SELECT (SELECT coalesce(max(id), 0) FROM conversations) + row_number() OVER (ORDER BY created_at, g) AS id, p.*
FROM gen_plan p;
CREATE INDEX ON gen_conv (id);

INSERT INTO contacts (id, account_id, name, phone, created_at, updated_at)
SELECT id, :account,
       CASE WHEN id % 10 = 0 THEN '' ELSE (ARRAY['Олена', 'Тарас', 'Marta', 'Ігор', 'Anna', 'Петро', 'Ірина', 'John'])[1 + id % 8]
            || ' ' || (ARRAY['Коваль', 'Шевченко', 'Smith', 'Бондар', 'Мельник', 'Kowalska'])[1 + (id / 8) % 6] END,
       '+380' || lpad((id * 7919 % 1000000000)::text, 9, '0'), created_at, created_at
FROM gen_conv;
SELECT setval('contacts_id_seq', greatest((SELECT max(id) FROM contacts), 1));

-- Messages: the contact first; then, if answered, agent and contact in turn (a note now and then); a reopen
-- comes back a day or more after the conversation was done. Each gap is drawn, the times are their sums.
CREATE TEMP TABLE gen_msg AS
WITH steps AS (
    SELECT c.id AS conversation_id, c.inbox_id, c.assignee_id, c.created_at AS start, c.reopened, j,
           CASE WHEN c.unanswered OR j % 2 = 0 THEN 'in' ELSE 'out' END AS direction,
           CASE WHEN j = 0 THEN 0
                WHEN c.reopened AND j = 4 THEN 86400 * (1 + random() * 6)
                WHEN c.unanswered OR j % 2 = 0 THEN 60 * exp(random() * 4)
                WHEN j = 1 THEN 20 * exp(random() * 6.5)
                ELSE 30 * exp(random() * 5) END AS gap,
           random() < 0.05 AS note
    FROM gen_conv c CROSS JOIN LATERAL generate_series(0, c.k - 1) AS j
)
SELECT conversation_id, inbox_id, direction,
       CASE WHEN direction = 'in' THEN 'contact' ELSE 'agent' END AS sender_type,
       CASE WHEN direction = 'out' THEN coalesce(assignee_id, (SELECT id FROM gen_agent WHERE a = 1)) END AS sender_id,
       direction = 'out' AND note AS private,
       start + make_interval(secs => sum(gap) OVER (PARTITION BY conversation_id ORDER BY j)) AS created_at,
       (reopened AND j = 4) AS reopen
FROM steps
UNION ALL
-- The greeting of the first two inboxes: automated, a second after the first message; never a response.
SELECT id, inbox_id, 'out', 'automation', NULL, false, created_at + interval '1 second', false FROM gen_conv WHERE greeting;

INSERT INTO messages (account_id, conversation_id, inbox_id, direction, sender_type, sender_id, content, private,
                      external_id, delivery_status, created_at, sent_at)
SELECT :account, conversation_id, inbox_id, direction, sender_type, sender_id,
       (ARRAY['Добрий день, потрібна допомога з документами', 'Hello, I need help with my application',
              'Дякую, чекаю відповіді', 'Коли можна прийти на консультацію?', 'We are looking into it',
              'Надішліть, будь ласка, копію договору', 'Thank you!'])[1 + (extract(microseconds FROM created_at)::bigint % 7)::int],
       private,
       CASE WHEN direction = 'in' THEN 'gen-' || conversation_id || '-' || extract(epoch FROM created_at) END,
       CASE WHEN direction = 'out' AND NOT private THEN 'delivered' END, created_at,
       CASE WHEN direction = 'out' AND NOT private THEN created_at END
FROM gen_msg ORDER BY created_at;

-- The conversations, with status, resolution, assignment and CSAT; the derived metrics follow below.
INSERT INTO conversations (id, account_id, inbox_id, contact_id, status, assignee_id, team_id, priority, labels, category,
                           created_at, updated_at, assigned_at, first_assigned_at, resolved_at, reopened_at, reopen_count)
SELECT c.id, :account, c.inbox_id, c.id,
       CASE WHEN last.at < now() - interval '3 days' OR c.r_open < 0.5 THEN 'resolved'
            WHEN c.r_open < 0.8 THEN 'open' WHEN c.r_open < 0.95 THEN 'pending' ELSE 'snoozed' END,
       c.assignee_id, c.team_id, c.priority, c.labels, c.category, c.created_at, last.at,
       CASE WHEN c.assignee_id IS NOT NULL THEN c.created_at + make_interval(secs => c.wait_seconds) END,
       CASE WHEN c.assignee_id IS NOT NULL THEN c.created_at + make_interval(secs => c.wait_seconds) END,
       NULL, reopen.at, CASE WHEN reopen.at IS NOT NULL THEN 1 ELSE 0 END
FROM gen_conv c
JOIN (SELECT conversation_id, max(created_at) AS at, max(created_at) FILTER (WHERE reopen) AS reopened_at
      FROM gen_msg GROUP BY conversation_id) last ON last.conversation_id = c.id
CROSS JOIN LATERAL (SELECT last.reopened_at AS at) reopen;
SELECT setval('conversations_id_seq', (SELECT max(id) FROM conversations));

UPDATE conversations c SET resolved_at = c.updated_at + make_interval(secs => 300 + (c.id * 7919 % 3300)),
                           updated_at = c.updated_at + make_interval(secs => 300 + (c.id * 7919 % 3300)),
                           snoozed_until = NULL
WHERE c.account_id = :account AND c.status = 'resolved' AND c.id IN (SELECT id FROM gen_conv);
UPDATE conversations SET snoozed_until = now() + interval '1 day'
WHERE account_id = :account AND status = 'snoozed' AND id IN (SELECT id FROM gen_conv);

-- Last message, first human reply, first response since the last reopen.
UPDATE conversations c SET last_message_id = m.last_id, first_reply_at = m.first_human, first_human_reply_at = m.first_human,
                           first_response_at = m.first_since
FROM (SELECT x.conversation_id, max(x.id) AS last_id,
             min(x.created_at) FILTER (WHERE x.sender_type = 'agent' AND NOT x.private) AS first_human,
             min(x.created_at) FILTER (WHERE x.sender_type = 'agent' AND NOT x.private
                                         AND x.created_at >= coalesce(cc.reopened_at, cc.created_at)) AS first_since
      FROM messages x JOIN conversations cc ON cc.id = x.conversation_id
      WHERE x.account_id = :account AND x.conversation_id IN (SELECT id FROM gen_conv)
      GROUP BY x.conversation_id) m
WHERE c.id = m.conversation_id;

-- Reply time of each human reply: seconds since the oldest contact message after the previous human reply
-- (a reply that answers nothing new has none). This is sql/0060's backfill statement on purpose, narrowed
-- to the generated conversations: the same derivation the upgrade used for existing data.
WITH seg AS (
    SELECT id, conversation_id, created_at, direction = 'in' AS incoming,
           (sender_type = 'agent' AND direction = 'out' AND NOT private) AS human_reply,
           coalesce(count(*) FILTER (WHERE sender_type = 'agent' AND direction = 'out' AND NOT private)
               OVER (PARTITION BY conversation_id ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS k
    FROM messages WHERE account_id = :account AND conversation_id IN (SELECT id FROM gen_conv)
), oldest AS (
    SELECT conversation_id, k, min(created_at) AS since FROM seg WHERE incoming GROUP BY conversation_id, k
)
UPDATE messages m SET reply_seconds = greatest(0, extract(epoch FROM s.created_at - o.since))
FROM seg s JOIN oldest o ON o.conversation_id = s.conversation_id AND o.k = s.k
WHERE s.human_reply AND m.id = s.id;

-- What still waits for a human reply in conversations not resolved.
UPDATE conversations c SET waiting_since = w.since
FROM (SELECT m.conversation_id, min(m.created_at) AS since
      FROM messages m JOIN conversations cc ON cc.id = m.conversation_id AND cc.status <> 'resolved'
      WHERE m.account_id = :account AND m.direction = 'in' AND cc.id IN (SELECT id FROM gen_conv)
        AND m.id > coalesce((SELECT max(r.id) FROM messages r WHERE r.conversation_id = m.conversation_id
                              AND r.sender_type = 'agent' AND r.direction = 'out' AND NOT r.private), 0)
      GROUP BY m.conversation_id) w
WHERE w.conversation_id = c.id;

-- CSAT: a survey to a third of the resolved ones, answered by 45% of those (mostly 4 and 5).
INSERT INTO automation_jobs (account_id, conversation_id, kind, status, due_at, created_at, finished_at)
SELECT :account, c.id, 'csat', 'done', c.resolved_at + interval '1 minute', c.resolved_at, c.resolved_at + interval '1 minute'
FROM conversations c JOIN gen_conv g ON g.id = c.id
WHERE c.status = 'resolved' AND g.r_csat < 0.35;
UPDATE conversations c SET csat_rated_at = c.resolved_at + interval '11 minutes',
       csat_rating = CASE WHEN g.r_rate < 0.225 THEN 5 WHEN g.r_rate < 0.34 THEN 4 WHEN g.r_rate < 0.385 THEN 3
                          WHEN g.r_rate < 0.415 THEN 2 ELSE 1 END,
       csat_comment = CASE WHEN c.id % 3 = 0 THEN 'Дякую, усе зрозуміло, швидко і ввічливо' END
FROM gen_conv g WHERE g.id = c.id AND c.status = 'resolved' AND g.r_csat < 0.35 AND g.r_rate < 0.45;

-- Availability: shifts of 8 hours on five days of seven, a half-hour break (busy) in the middle.
INSERT INTO agent_availability_changes (account_id, agent_id, availability, changed_at)
SELECT :account, a.id, s.availability, ((d.day + make_interval(hours => (8 + a.a % 4)::int) + s.offset_) AT TIME ZONE 'Europe/Kyiv')
FROM gen_agent a
CROSS JOIN generate_series(current_date - :days, current_date - 1, interval '1 day') AS d(day)
CROSS JOIN (VALUES ('online', interval '0'), ('busy', interval '4 hours'), ('online', interval '4 hours 30 minutes'),
                   ('offline', interval '8 hours')) AS s(availability, offset_)
WHERE (extract(doy FROM d.day)::int + a.a) % 7 NOT IN (0, 1);

-- The agents' load, as the load trigger keeps it.
UPDATE agents a SET open_assigned = l.n
FROM (SELECT assignee_id, count(*) AS n FROM conversations
      WHERE account_id = :account AND status IN ('open', 'pending') AND assignee_id IS NOT NULL GROUP BY assignee_id) l
WHERE a.id = l.assignee_id;

RESET session_replication_role;
ANALYZE;
