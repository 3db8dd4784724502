-- Reports: per-conversation metrics stamped when they happen, so a report reads a few indexed columns
-- instead of every message. The definitions (README, "Reports"):
--   first response   first_response_at - coalesce(reopened_at, created_at)
--   resolution       resolved_at - coalesce(reopened_at, created_at)
--   wait for assignment  first_assigned_at - created_at
--   reply time       messages.reply_seconds, on each public reply by a human agent
--   missed           no first_human_reply_at within accounts.missed_after_minutes of created_at

ALTER TABLE accounts
    ADD COLUMN missed_after_minutes integer NOT NULL DEFAULT 60 CHECK (missed_after_minutes BETWEEN 1 AND 525600);

ALTER TABLE conversations
    -- The first public reply by a human agent, ever (automated messages and notes never count). Missed or not.
    ADD COLUMN first_human_reply_at timestamptz,
    -- The first public reply by a human agent since the start or the last reopen (a reopen clears it).
    ADD COLUMN first_response_at    timestamptz,
    -- The first time anyone (assignment, a rule, an agent) gave the conversation to an agent.
    ADD COLUMN first_assigned_at    timestamptz,
    -- The last time a resolved conversation became active again, and how often that happened.
    ADD COLUMN reopened_at          timestamptz,
    ADD COLUMN reopen_count         integer NOT NULL DEFAULT 0,
    -- The contact's oldest message that no human public reply has answered yet (NULL: nothing waits).
    ADD COLUMN waiting_since        timestamptz;

-- On a public reply by a human agent: seconds since the contact's oldest unanswered message (NULL when
-- the reply answered nothing new, and on every other message).
ALTER TABLE messages ADD COLUMN reply_seconds double precision;

-- A reopen and the first assignment can be written by many statements (ingest, the API, rules, the
-- assignment queue, a manual fix); a BEFORE trigger stamps them inside whichever statement it is,
-- with no extra round trip. Its WHEN clause is checked without calling the function, so an ordinary
-- message's update of the conversation does not pay for it.
CREATE FUNCTION conversations_stamp_metrics() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.assignee_id IS NOT NULL AND NEW.first_assigned_at IS NULL THEN
        NEW.first_assigned_at := coalesce(NEW.assigned_at, now());
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'resolved' AND NEW.status <> 'resolved' THEN
        NEW.reopened_at := now();
        NEW.reopen_count := OLD.reopen_count + 1;
        NEW.first_response_at := NULL;
        NEW.waiting_since := NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER conversations_stamp_metrics_insert BEFORE INSERT ON conversations
    FOR EACH ROW WHEN (NEW.assignee_id IS NOT NULL) EXECUTE FUNCTION conversations_stamp_metrics();
CREATE TRIGGER conversations_stamp_metrics_update BEFORE UPDATE OF assignee_id, status ON conversations
    FOR EACH ROW WHEN ((NEW.assignee_id IS NOT NULL AND OLD.first_assigned_at IS NULL)
                       OR (OLD.status = 'resolved' AND NEW.status <> 'resolved'))
    EXECUTE FUNCTION conversations_stamp_metrics();

-- Backfill what the data allows. Reopens before this migration were not recorded: they count from now on.
UPDATE conversations c SET first_human_reply_at = r.first_at, first_response_at = r.first_at
FROM (SELECT conversation_id, min(created_at) AS first_at FROM messages
      WHERE sender_type = 'agent' AND direction = 'out' AND NOT private GROUP BY conversation_id) r
WHERE r.conversation_id = c.id;

UPDATE conversations c SET first_assigned_at = least(c.assigned_at, (
    SELECT min(e.created_at) FROM audit_events e
    WHERE e.subject_type = 'conversation' AND e.subject_id = c.id
      AND e.action IN ('conversation.auto_assigned', 'conversation.updated')
      AND jsonb_typeof(e.data -> 'assignee_id') = 'number'))
WHERE c.assigned_at IS NOT NULL OR EXISTS (
    SELECT 1 FROM audit_events e WHERE e.subject_type = 'conversation' AND e.subject_id = c.id
      AND e.action IN ('conversation.auto_assigned', 'conversation.updated')
      AND jsonb_typeof(e.data -> 'assignee_id') = 'number');

-- A message's segment is the number of human public replies before it; a reply answers its segment's
-- oldest contact message.
WITH seg AS (
    SELECT id, conversation_id, created_at, direction = 'in' AS incoming,
           (sender_type = 'agent' AND direction = 'out' AND NOT private) AS human_reply,
           coalesce(count(*) FILTER (WHERE sender_type = 'agent' AND direction = 'out' AND NOT private)
               OVER (PARTITION BY conversation_id ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS k
    FROM messages
), oldest AS (
    SELECT conversation_id, k, min(created_at) AS since FROM seg WHERE incoming GROUP BY conversation_id, k
)
UPDATE messages m SET reply_seconds = greatest(0, extract(epoch FROM s.created_at - o.since))
FROM seg s JOIN oldest o ON o.conversation_id = s.conversation_id AND o.k = s.k
WHERE s.human_reply AND m.id = s.id;

UPDATE conversations c SET waiting_since = w.since
FROM (SELECT m.conversation_id, min(m.created_at) AS since FROM messages m
      WHERE m.direction = 'in' AND m.id > coalesce((
          SELECT max(r.id) FROM messages r WHERE r.conversation_id = m.conversation_id
            AND r.sender_type = 'agent' AND r.direction = 'out' AND NOT r.private), 0)
      GROUP BY m.conversation_id) w
WHERE w.conversation_id = c.id;

-- Each figure is read by the time it happened, per account.
CREATE INDEX conversations_created_idx ON conversations (account_id, created_at);
CREATE INDEX conversations_resolved_idx ON conversations (account_id, resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX conversations_first_response_idx ON conversations (account_id, first_response_at)
    WHERE first_response_at IS NOT NULL;
CREATE INDEX conversations_first_assigned_idx ON conversations (account_id, first_assigned_at)
    WHERE first_assigned_at IS NOT NULL;
CREATE INDEX conversations_reopened_idx ON conversations (account_id, reopened_at) WHERE reopened_at IS NOT NULL;
CREATE INDEX conversations_rated_idx ON conversations (account_id, csat_rated_at) WHERE csat_rated_at IS NOT NULL;
CREATE INDEX messages_account_created_idx ON messages (account_id, created_at);
CREATE INDEX automation_jobs_surveys_idx ON automation_jobs (account_id, finished_at)
    WHERE kind = 'csat' AND status = 'done';
