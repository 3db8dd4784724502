-- Core schema: accounts, people, inboxes, contacts, conversations, messages, outbox, audit.
-- Every row that belongs to an organization carries account_id (the future distribution key).

CREATE TABLE accounts (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    time_zone   text NOT NULL DEFAULT 'UTC',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agents (
    id            bigserial PRIMARY KEY,
    account_id    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          text NOT NULL,
    email         text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent')),
    availability  text NOT NULL DEFAULT 'offline' CHECK (availability IN ('online', 'busy', 'offline')),
    capacity      integer NOT NULL DEFAULT 10 CHECK (capacity >= 0),
    password_hash text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
-- Login is by email alone, so an address names one agent in the whole deployment.
CREATE UNIQUE INDEX agents_email_key ON agents (lower(email));
CREATE INDEX agents_account_idx ON agents (account_id, id);

CREATE TABLE api_tokens (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    agent_id     bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    token_hash   bytea NOT NULL UNIQUE,
    name         text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);

CREATE TABLE teams (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_name_key ON teams (account_id, lower(name));

CREATE TABLE team_members (
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    team_id    bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    agent_id   bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, agent_id)
);
CREATE INDEX team_members_agent_idx ON team_members (agent_id);

CREATE TABLE templates (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       text NOT NULL,
    shortcode  text NOT NULL,
    language   text,
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX templates_shortcode_key ON templates (account_id, shortcode);

CREATE TABLE inboxes (
    id                   bigserial PRIMARY KEY,
    account_id           bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    uid                  text NOT NULL UNIQUE,
    name                 text NOT NULL,
    channel_kind         text NOT NULL
        CHECK (channel_kind IN ('api', 'webform', 'email', 'telegram', 'whatsapp', 'viber', 'vk')),
    config               jsonb NOT NULL DEFAULT '{}',
    team_id              bigint REFERENCES teams (id) ON DELETE SET NULL,
    greeting_template_id bigint REFERENCES templates (id) ON DELETE SET NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    deleted_at           timestamptz
);
CREATE INDEX inboxes_account_idx ON inboxes (account_id, id);

CREATE TABLE contacts (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        text NOT NULL,
    email       text,
    phone       text,
    language    text,
    attributes  jsonb NOT NULL DEFAULT '{}',
    blocked     boolean NOT NULL DEFAULT false,
    merged_into bigint REFERENCES contacts (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_account_idx ON contacts (account_id, id);

-- How a contact is known on one inbox's channel; the ingest lookup key.
CREATE TABLE contact_identities (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    contact_id   bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    inbox_id     bigint NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    channel_kind text NOT NULL,
    external_id  text NOT NULL,
    unreachable  boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (inbox_id, external_id)
);
CREATE INDEX contact_identities_contact_idx ON contact_identities (contact_id);

CREATE TABLE conversations (
    id               bigserial PRIMARY KEY,
    account_id       bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    inbox_id         bigint NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    contact_id       bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
    assignee_id      bigint REFERENCES agents (id) ON DELETE SET NULL,
    team_id          bigint REFERENCES teams (id) ON DELETE SET NULL,
    priority         text NOT NULL DEFAULT 'none' CHECK (priority IN ('none', 'low', 'medium', 'high', 'urgent')),
    labels           text[] NOT NULL DEFAULT '{}',
    category         text,
    subject          text,
    snoozed_until    timestamptz,
    first_reply_at   timestamptz,
    resolved_at      timestamptz,
    last_message_id  bigint,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
-- At most one conversation per contact and inbox is not resolved: ingest joins it.
CREATE UNIQUE INDEX conversations_one_active_key ON conversations (inbox_id, contact_id) WHERE status <> 'resolved';
CREATE INDEX conversations_list_idx ON conversations (account_id, id DESC);
CREATE INDEX conversations_status_idx ON conversations (account_id, status, id DESC);
CREATE INDEX conversations_assignee_idx ON conversations (account_id, assignee_id, id DESC);
CREATE INDEX conversations_inbox_idx ON conversations (inbox_id, id DESC);
CREATE INDEX conversations_contact_idx ON conversations (contact_id, id DESC);
CREATE INDEX conversations_labels_idx ON conversations USING gin (labels);

CREATE TABLE messages (
    id               bigserial PRIMARY KEY,
    account_id       bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    conversation_id  bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    inbox_id         bigint NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    direction        text NOT NULL CHECK (direction IN ('in', 'out')),
    sender_type      text NOT NULL CHECK (sender_type IN ('contact', 'agent', 'automation')),
    sender_id        bigint,
    content          text NOT NULL,
    html             text,
    private          boolean NOT NULL DEFAULT false,
    external_id      text,
    delivery_status  text CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'read', 'failed')),
    delivery_error   text,
    raw_payload      text,
    sent_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
-- Platforms retry: the same inbound message id on the same inbox is stored once.
CREATE UNIQUE INDEX messages_inbound_external_key ON messages (inbox_id, external_id)
    WHERE direction = 'in' AND external_id IS NOT NULL;
CREATE INDEX messages_conversation_idx ON messages (conversation_id, id);
CREATE INDEX messages_content_search_idx ON messages USING gin (to_tsvector('simple', content));

ALTER TABLE conversations
    ADD CONSTRAINT conversations_last_message_fk FOREIGN KEY (last_message_id) REFERENCES messages (id) ON DELETE SET NULL;

CREATE TABLE attachments (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    message_id   bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    name         text NOT NULL,
    content_type text NOT NULL,
    size         integer NOT NULL,
    data         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_message_idx ON attachments (message_id);

-- Replies waiting to go out. Claimed with FOR UPDATE SKIP LOCKED; a claim pushes next_attempt_at
-- forward (a lease), so a crashed worker's rows come back by themselves.
CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    message_id      bigint NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
    inbox_id        bigint NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';

CREATE TABLE audit_events (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    actor_id     bigint REFERENCES agents (id) ON DELETE SET NULL,
    action       text NOT NULL,
    subject_type text NOT NULL,
    subject_id   bigint,
    data         jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_subject_idx ON audit_events (account_id, subject_type, subject_id);
