-- Messengers: attachments fetched after intake, edits, receipts, reachability and channel health.

-- A messenger sends a reference to a file; the media worker downloads it afterwards. `ready` rows hold
-- their content; `pending` ones are claimed with FOR UPDATE SKIP LOCKED (fetch_after is the lease).
ALTER TABLE attachments
    ADD COLUMN remote_reference text,
    ADD COLUMN fetch_state      text NOT NULL DEFAULT 'ready' CHECK (fetch_state IN ('ready', 'pending', 'failed')),
    ADD COLUMN fetch_error      text,
    ADD COLUMN fetch_attempts   integer NOT NULL DEFAULT 0,
    ADD COLUMN fetch_after      timestamptz NOT NULL DEFAULT now();
CREATE INDEX attachments_pending_idx ON attachments (fetch_after) WHERE fetch_state = 'pending';

-- A customer's edit replaces the text; the first version is kept.
ALTER TABLE messages
    ADD COLUMN edited_at        timestamptz,
    ADD COLUMN original_content text;

-- Receipts name our outgoing message by the id the platform gave it.
CREATE INDEX messages_outbound_external_idx ON messages (inbox_id, external_id)
    WHERE direction = 'out' AND external_id IS NOT NULL;

ALTER TABLE contact_identities
    ADD COLUMN unreachable_reason text;

-- What an administrator checks first when a channel goes quiet.
ALTER TABLE inboxes
    ADD COLUMN last_event_at timestamptz,
    ADD COLUMN last_error    text,
    ADD COLUMN last_error_at timestamptz;
