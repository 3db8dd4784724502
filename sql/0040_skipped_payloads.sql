-- Everything an inbox acknowledged without storing a message, and why: group chats, typing, echoes,
-- unknown events, and above all a person's message that could not be read or stored. Kept 30 days,
-- so nothing a person sends vanishes without a trace an administrator can see and act on.
CREATE TABLE skipped_payloads (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    inbox_id    bigint NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    channel     text NOT NULL,
    -- The platform's id of what was skipped (message id, update id, mail UID), when it has one.
    external_id text,
    -- A short fixed word for metrics and filters (ignored, unreadable, rejected, unmatched, refused).
    category    text NOT NULL,
    reason      text NOT NULL,
    -- What arrived, as text (never jsonb: it must hold whatever the platform sent).
    payload     text NOT NULL,
    -- A person's text or media that was not stored (as opposed to typing, receipts, group chatter).
    from_person boolean NOT NULL DEFAULT false,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX skipped_payloads_inbox_idx ON skipped_payloads (inbox_id, id DESC);
CREATE INDEX skipped_payloads_received_idx ON skipped_payloads (received_at);

-- The inbox's health shows the last person's message that was skipped until an administrator looks.
ALTER TABLE inboxes ADD COLUMN last_skipped_message_at timestamptz;
ALTER TABLE inboxes ADD COLUMN last_skipped_message_reason text;

-- Mail refused before this migration joins the general list (the refused_mail view keeps its own table).
INSERT INTO skipped_payloads (account_id, inbox_id, channel, external_id, category, reason, payload, from_person, received_at)
SELECT f.account_id, f.inbox_id, 'email', f.uid_validity || ':' || f.uid, 'refused', f.reason, '', true, f.created_at
FROM mail_intake_failures f
WHERE f.created_at > now() - interval '30 days';
