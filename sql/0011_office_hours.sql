-- Out of office: outside the inbox's working hours a new conversation gets this template instead of
-- the greeting. office_hours: {"time_zone", "weekly": {"mon": [["09:00","18:00"]], …}, "holidays": ["2026-12-25"]}
ALTER TABLE inboxes
    ADD COLUMN out_of_office_template_id bigint REFERENCES templates (id) ON DELETE SET NULL,
    ADD COLUMN office_hours              jsonb;
