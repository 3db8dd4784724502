-- Inactivity: when the contact leaves an agent's (or a rule's) message unanswered for
-- inactivity_reminder_minutes, one reminder goes out; after inactivity_resolve_minutes more the
-- conversation is resolved, with inactivity_resolve_note as a private note. A contact's message
-- cancels both. The wait is a job in automation_jobs, claimed like every other automation.
ALTER TABLE inboxes
    ADD COLUMN inactivity_reminder_template_id bigint REFERENCES templates (id) ON DELETE SET NULL,
    ADD COLUMN inactivity_reminder_minutes     integer CHECK (inactivity_reminder_minutes BETWEEN 1 AND 43200),
    ADD COLUMN inactivity_resolve_minutes      integer CHECK (inactivity_resolve_minutes BETWEEN 1 AND 43200),
    ADD COLUMN inactivity_resolve_note         text;

ALTER TABLE automation_jobs DROP CONSTRAINT automation_jobs_kind_check;
ALTER TABLE automation_jobs
    ADD CONSTRAINT automation_jobs_kind_check CHECK (kind IN (
        'greeting', 'farewell', 'csat', 'rule_reply', 'inactivity_reminder', 'inactivity_resolve'));

-- Greeting, farewell and survey go out once per conversation; a wait for the contact starts again with
-- every new message of ours, but only one wait is pending at a time.
DROP INDEX automation_jobs_once_key;
CREATE UNIQUE INDEX automation_jobs_once_key ON automation_jobs (conversation_id, kind)
    WHERE kind IN ('greeting', 'farewell', 'csat');
CREATE UNIQUE INDEX automation_jobs_waiting_key ON automation_jobs (conversation_id)
    WHERE status = 'pending' AND kind IN ('inactivity_reminder', 'inactivity_resolve');
