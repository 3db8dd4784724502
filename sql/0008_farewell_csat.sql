-- Farewell and satisfaction survey when a conversation is resolved; the survey's answer is a rating.
ALTER TABLE inboxes
    ADD COLUMN farewell_template_id bigint REFERENCES templates (id) ON DELETE SET NULL,
    ADD COLUMN csat_template_id     bigint REFERENCES templates (id) ON DELETE SET NULL,
    ADD COLUMN csat_window_hours    integer NOT NULL DEFAULT 24 CHECK (csat_window_hours BETWEEN 1 AND 720);

ALTER TABLE conversations
    ADD COLUMN csat_rating   smallint CHECK (csat_rating BETWEEN 1 AND 5),
    ADD COLUMN csat_comment  text,
    ADD COLUMN csat_rated_at timestamptz;

ALTER TABLE automation_jobs DROP CONSTRAINT automation_jobs_kind_check;
ALTER TABLE automation_jobs
    ADD CONSTRAINT automation_jobs_kind_check CHECK (kind IN ('greeting', 'farewell', 'csat'));
