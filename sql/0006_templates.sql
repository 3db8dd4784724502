-- Reply templates: a folder for the knowledge base, and bodies in more languages than the main one.
ALTER TABLE templates
    ADD COLUMN category text,
    ADD COLUMN variants jsonb NOT NULL DEFAULT '{}';
CREATE INDEX templates_account_idx ON templates (account_id, id DESC);
