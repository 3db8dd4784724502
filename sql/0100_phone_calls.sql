-- Phone calls (issue 16): a `phone` channel kind, the calls a telephony provider reports, and the call
-- facts a message carries (`call` on the message representation).
ALTER TABLE inboxes DROP CONSTRAINT IF EXISTS inboxes_channel_kind_check;
ALTER TABLE inboxes ADD CONSTRAINT inboxes_channel_kind_check
    CHECK (channel_kind IN ('api', 'webform', 'email', 'telegram', 'whatsapp', 'viber', 'vk', 'phone'));

-- Set on the message a call produced: {status: missed|answered, from, at, duration_seconds, agent, recording_url}.
ALTER TABLE messages ADD COLUMN call jsonb;

-- One row per call a provider reported on an inbox: where it stands and when each step happened.
CREATE TABLE calls (
    id               bigserial PRIMARY KEY,
    account_id       bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    inbox_id         bigint NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    call_id          text NOT NULL,
    direction        text NOT NULL CHECK (direction IN ('in', 'out')),
    from_number      text NOT NULL,
    to_number        text NOT NULL,
    status           text NOT NULL CHECK (status IN ('ringing', 'answered', 'missed', 'completed', 'unanswered')),
    agent_email      text,
    cause            text,
    duration_seconds integer CHECK (duration_seconds >= 0),
    recording_url    text,
    ringing_at       timestamptz,
    answered_at      timestamptz,
    ended_at         timestamptz,
    contact_id       bigint REFERENCES contacts (id) ON DELETE SET NULL,
    conversation_id  bigint REFERENCES conversations (id) ON DELETE SET NULL,
    message_id       bigint REFERENCES messages (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (inbox_id, call_id)
);
CREATE INDEX calls_account_idx ON calls (account_id, id DESC);

-- Each (call, event) is taken once; a repeat gets the first answer back.
CREATE TABLE call_events (
    inbox_id   bigint NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    call_id    text NOT NULL,
    event      text NOT NULL CHECK (event IN ('ringing', 'answered', 'hangup')),
    answer     jsonb NOT NULL,
    raw_payload text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (inbox_id, call_id, event)
);
