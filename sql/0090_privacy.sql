-- Privacy (README, "Privacy and security"): erasure and retention anonymize in place, so every count,
-- timer, category, label and rating that reports read stays as it was.

-- When a person's data was erased (on request or by retention): the contact is then `Anonymous #id`.
ALTER TABLE contacts ADD COLUMN erased_at timestamptz;
-- When a conversation's texts, payloads and files were removed; retention skips it afterwards.
ALTER TABLE conversations ADD COLUMN anonymized_at timestamptz;
-- Retention finds resolved conversations by age, oldest first, once each.
CREATE INDEX conversations_retention_idx ON conversations (account_id, resolved_at)
    WHERE status = 'resolved' AND anonymized_at IS NULL;

-- A deactivated agent keeps their history but cannot sign in, their tokens stop working and assignment
-- passes them by.
ALTER TABLE agents ADD COLUMN active boolean NOT NULL DEFAULT true;

-- How long an account keeps conversations' contents, attachments and audit rows (NULL keeps them forever).
ALTER TABLE accounts
    ADD COLUMN retention_conversations_days integer CHECK (retention_conversations_days BETWEEN 1 AND 36500),
    ADD COLUMN retention_attachments_days   integer CHECK (retention_attachments_days BETWEEN 1 AND 36500),
    ADD COLUMN retention_audit_days         integer CHECK (retention_audit_days BETWEEN 1 AND 36500);
CREATE INDEX audit_events_created_idx ON audit_events (account_id, created_at);
CREATE INDEX attachments_created_idx ON attachments (account_id, created_at);
