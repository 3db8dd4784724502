-- Sign-in is by email alone, before the account is known, so an address names one agent in the whole
-- deployment. That rule was a unique index on agents (lower(email)), a key without account_id, which a
-- database distributed by account cannot enforce. It moves to a small directory of its own: one row per
-- agent address, kept by the trigger below in the transaction that creates, renames or deletes the agent.
-- On Citus this is a reference table (a copy on every node; see docs/scaling.md).
--
-- The primary key keeps the old index's name, so a second agent with the same address is still refused
-- as `agents_email_key` (23505), which the store turns into "an agent with this email already exists".
DROP INDEX agents_email_key;
CREATE INDEX agents_email_idx ON agents (lower(email));

CREATE TABLE agent_emails (
    email      text NOT NULL CONSTRAINT agents_email_key PRIMARY KEY,
    account_id bigint NOT NULL,
    agent_id   bigint NOT NULL
);
INSERT INTO agent_emails (email, account_id, agent_id) SELECT lower(email), account_id, id FROM agents;

CREATE FUNCTION agent_emails_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM agent_emails WHERE email = lower(OLD.email) AND agent_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO agent_emails (email, account_id, agent_id) VALUES (lower(NEW.email), NEW.account_id, NEW.id);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER agents_email_insert AFTER INSERT ON agents
    FOR EACH ROW EXECUTE FUNCTION agent_emails_sync();
CREATE TRIGGER agents_email_update AFTER UPDATE OF email ON agents FOR EACH ROW
    WHEN (lower(NEW.email) IS DISTINCT FROM lower(OLD.email)) EXECUTE FUNCTION agent_emails_sync();
CREATE TRIGGER agents_email_delete AFTER DELETE ON agents
    FOR EACH ROW EXECUTE FUNCTION agent_emails_sync();
