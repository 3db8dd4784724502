-- Email: threads, subjects, mailbox checkpoints and refused mail.

-- A mail conversation carries its thread key (the subject without Re:/Fwd:, case-folded). One contact
-- may have several mail threads open at once, so the one-open-conversation rule covers chats only.
ALTER TABLE conversations ADD COLUMN thread_key text;
DROP INDEX conversations_one_active_key;
CREATE UNIQUE INDEX conversations_one_active_key ON conversations (inbox_id, contact_id)
    WHERE status <> 'resolved' AND thread_key IS NULL;
CREATE INDEX conversations_thread_idx ON conversations (inbox_id, contact_id, thread_key)
    WHERE status <> 'resolved' AND thread_key IS NOT NULL;

ALTER TABLE messages ADD COLUMN subject text;
-- In-Reply-To and References name earlier messages, ours or the customer's, by their Message-ID.
CREATE INDEX messages_thread_lookup_idx ON messages (account_id, external_id) WHERE external_id IS NOT NULL;

-- Where each mailbox's poller stands: the last UID committed under the mailbox's UIDVALIDITY.
CREATE TABLE mailbox_checkpoints (
    inbox_id     bigint PRIMARY KEY REFERENCES inboxes (id) ON DELETE CASCADE,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    uid_validity bigint NOT NULL,
    last_uid     bigint NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Mail that could not be taken in (over the size limit, unreadable) and why; skipped, never retried.
CREATE TABLE mail_intake_failures (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    inbox_id     bigint NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    uid_validity bigint NOT NULL,
    uid          bigint NOT NULL,
    reason       text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (inbox_id, uid_validity, uid)
);
