-- Routing rules, evaluated in order (position, id) inside the ingest transaction.
CREATE TABLE rules (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    position   integer NOT NULL,
    enabled    boolean NOT NULL DEFAULT true,
    -- {events, match, conditions, actions} exactly as the API shows them; checked before saving.
    definition jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rules_order_idx ON rules (account_id, position, id);

-- Rules may reply with a template on every message, so their replies are not once per conversation.
ALTER TABLE automation_jobs DROP CONSTRAINT automation_jobs_kind_check;
ALTER TABLE automation_jobs
    ADD CONSTRAINT automation_jobs_kind_check CHECK (kind IN ('greeting', 'farewell', 'csat', 'rule_reply'));
DROP INDEX automation_jobs_once_key;
CREATE UNIQUE INDEX automation_jobs_once_key ON automation_jobs (conversation_id, kind) WHERE kind <> 'rule_reply';
