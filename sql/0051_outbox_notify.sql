-- Wakes every serve process's delivery worker when a reply is queued, wherever it was queued.
-- NOTIFY inside a transaction is delivered when, and only if, that transaction commits, so a worker
-- never looks before the row is visible. Once per statement: a statement that queues several replies
-- sends one notification, and notifications with the same payload in one transaction are folded into one.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('switchboard_outbox', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
