-- The event log: one row for every change of a conversation, message, contact or agent, written by
-- triggers in the transaction that makes the change (a rolled-back change leaves no event; every path
-- that changes these tables writes one, whether a request, ingest, a rule or the scheduler made it).
--
-- No trigger here notifies: a transaction that calls NOTIFY holds a database-wide lock through its
-- commit, so notifying from every change would make all commits wait in line for each other's disk
-- flush. The publisher looks for new rows every few milliseconds instead, and notifies once per batch.
--
-- A row is born unpublished (`id` NULL). The publisher (one process at a time, under an advisory lock)
-- takes rows whose transaction is older than every running one, in (txid, row_id) order, renders each
-- as clients receive it (`document`), and gives it its public `id` from `events_id_seq`. Ids are thus
-- handed out in one order that no later commit can precede: a reader that has seen id N never later
-- finds an id below N, which is what makes `Last-Event-ID` resumption exact.
CREATE SEQUENCE events_id_seq;

CREATE TABLE events (
    row_id          bigserial PRIMARY KEY,
    id              bigint UNIQUE,
    account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    type            text NOT NULL,
    conversation_id bigint,
    subject_id      bigint NOT NULL,
    changes         jsonb,
    txid            xid8 NOT NULL DEFAULT pg_current_xact_id(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz,
    -- The event as clients receive it (JSON), and who may see it: the teams whose members see its
    -- conversation and the agent it is assigned to; `everyone` for events any agent of the account sees.
    document        text,
    team_ids        bigint[] NOT NULL DEFAULT '{}',
    agent_id        bigint,
    everyone        boolean NOT NULL DEFAULT false
);
CREATE INDEX events_unpublished_idx ON events (txid, row_id) WHERE id IS NULL;
CREATE INDEX events_account_idx ON events (account_id, id) WHERE id IS NOT NULL;
CREATE INDEX events_created_idx ON events (created_at);

-- RFC 3339 in UTC with milliseconds, as the API writes times.
CREATE FUNCTION event_time(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE FUNCTION record_conversation_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (account_id, type, conversation_id, subject_id)
    VALUES (NEW.account_id, 'conversation.created', NEW.id, NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER conversations_created_event AFTER INSERT ON conversations
    FOR EACH ROW EXECUTE FUNCTION record_conversation_created();

-- `changes`: {field: [old, new]} for each field that changed.
CREATE FUNCTION record_conversation_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb := '{}';
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        changed := changed || jsonb_build_object('status', jsonb_build_array(OLD.status, NEW.status));
    END IF;
    IF NEW.assignee_id IS DISTINCT FROM OLD.assignee_id THEN
        changed := changed || jsonb_build_object('assignee_id', jsonb_build_array(OLD.assignee_id, NEW.assignee_id));
    END IF;
    IF NEW.team_id IS DISTINCT FROM OLD.team_id THEN
        changed := changed || jsonb_build_object('team_id', jsonb_build_array(OLD.team_id, NEW.team_id));
    END IF;
    IF NEW.priority IS DISTINCT FROM OLD.priority THEN
        changed := changed || jsonb_build_object('priority', jsonb_build_array(OLD.priority, NEW.priority));
    END IF;
    IF NEW.labels IS DISTINCT FROM OLD.labels THEN
        changed := changed || jsonb_build_object('labels', jsonb_build_array(to_jsonb(OLD.labels), to_jsonb(NEW.labels)));
    END IF;
    IF NEW.category IS DISTINCT FROM OLD.category THEN
        changed := changed || jsonb_build_object('category', jsonb_build_array(OLD.category, NEW.category));
    END IF;
    IF NEW.snoozed_until IS DISTINCT FROM OLD.snoozed_until THEN
        changed := changed || jsonb_build_object('snoozed_until',
            jsonb_build_array(event_time(OLD.snoozed_until), event_time(NEW.snoozed_until)));
    END IF;
    INSERT INTO events (account_id, type, conversation_id, subject_id, changes)
    VALUES (NEW.account_id, 'conversation.updated', NEW.id, NEW.id, changed);
    RETURN NULL;
END;
$$;
CREATE TRIGGER conversations_updated_event AFTER UPDATE ON conversations FOR EACH ROW
    WHEN (NEW.status IS DISTINCT FROM OLD.status OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id
          OR NEW.team_id IS DISTINCT FROM OLD.team_id OR NEW.priority IS DISTINCT FROM OLD.priority
          OR NEW.labels IS DISTINCT FROM OLD.labels OR NEW.category IS DISTINCT FROM OLD.category
          OR NEW.snoozed_until IS DISTINCT FROM OLD.snoozed_until)
    EXECUTE FUNCTION record_conversation_updated();

CREATE FUNCTION record_message_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (account_id, type, conversation_id, subject_id)
    VALUES (NEW.account_id, CASE TG_OP WHEN 'INSERT' THEN 'message.created' ELSE 'message.updated' END,
            NEW.conversation_id, NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER messages_created_event AFTER INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION record_message_event();
CREATE TRIGGER messages_updated_event AFTER UPDATE ON messages FOR EACH ROW
    WHEN (NEW.delivery_status IS DISTINCT FROM OLD.delivery_status OR NEW.delivery_error IS DISTINCT FROM OLD.delivery_error
          OR NEW.content IS DISTINCT FROM OLD.content OR NEW.edited_at IS DISTINCT FROM OLD.edited_at)
    EXECUTE FUNCTION record_message_event();

CREATE FUNCTION record_contact_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (account_id, type, subject_id)
    VALUES (NEW.account_id, CASE TG_OP WHEN 'INSERT' THEN 'contact.created' ELSE 'contact.updated' END, NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER contacts_created_event AFTER INSERT ON contacts
    FOR EACH ROW EXECUTE FUNCTION record_contact_event();
CREATE TRIGGER contacts_updated_event AFTER UPDATE ON contacts FOR EACH ROW
    WHEN (NEW.name IS DISTINCT FROM OLD.name OR NEW.email IS DISTINCT FROM OLD.email OR NEW.phone IS DISTINCT FROM OLD.phone
          OR NEW.language IS DISTINCT FROM OLD.language OR NEW.attributes IS DISTINCT FROM OLD.attributes
          OR NEW.blocked IS DISTINCT FROM OLD.blocked)
    EXECUTE FUNCTION record_contact_event();

CREATE FUNCTION record_agent_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (account_id, type, subject_id) VALUES (NEW.account_id, 'agent.updated', NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER agents_updated_event AFTER UPDATE ON agents FOR EACH ROW
    WHEN (NEW.availability IS DISTINCT FROM OLD.availability OR NEW.capacity IS DISTINCT FROM OLD.capacity
          OR NEW.name IS DISTINCT FROM OLD.name OR NEW.role IS DISTINCT FROM OLD.role)
    EXECUTE FUNCTION record_agent_updated();

-- Outbound webhooks (Standard Webhooks). A delivery keeps its own copy of the event's JSON, so pruning
-- the event log never takes a pending delivery with it.
CREATE TABLE webhook_endpoints (
    id              bigserial PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url             text NOT NULL,
    events          text[] NOT NULL,
    description     text,
    enabled         boolean NOT NULL DEFAULT true,
    secret          text NOT NULL,
    -- Since when every attempt has failed (NULL after a success); three days of it disables the endpoint.
    failing_since   timestamptz,
    disabled_reason text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_account_idx ON webhook_endpoints (account_id, id);

CREATE TABLE webhook_deliveries (
    id               bigserial PRIMARY KEY,
    account_id       bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    endpoint_id      bigint NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id         bigint NOT NULL,
    event_type       text NOT NULL,
    payload          text NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed', 'dead')),
    attempts         integer NOT NULL DEFAULT 0,
    last_status_code integer,
    last_error       text,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'failed');
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id DESC);

-- Wakes every process's webhook sender when deliveries are queued (at publication).
CREATE FUNCTION webhook_deliveries_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('switchboard_webhooks', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_deliveries_notify AFTER INSERT ON webhook_deliveries
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_deliveries_notify();

-- The audit trail answers "from where" too, and is listed newest first.
ALTER TABLE audit_events ADD COLUMN ip text;
CREATE INDEX audit_events_account_idx ON audit_events (account_id, id DESC);
