-- Automated messages (greetings now; reminders, farewells and surveys build on the same queue).
-- A job is claimed with FOR UPDATE SKIP LOCKED by any serve process; completing it writes the message,
-- its outbox row and the job's `done` state in one transaction, so it is sent exactly once.
CREATE TABLE automation_jobs (
    id              bigserial PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('greeting')),
    template_id     bigint REFERENCES templates (id) ON DELETE SET NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled')),
    due_at          timestamptz NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
-- Each kind at most once per conversation.
CREATE UNIQUE INDEX automation_jobs_once_key ON automation_jobs (conversation_id, kind);
CREATE INDEX automation_jobs_due_idx ON automation_jobs (due_at) WHERE status = 'pending';
CREATE INDEX conversations_snoozed_idx ON conversations (snoozed_until) WHERE status = 'snoozed';
