-- Agent availability over time, for `online_seconds` in the breakdown by agent. Every change of
-- `agents.availability` is one row, whatever made it (the API, the console's toggle, a deactivation, a
-- script): a trigger writes it in the same statement, so no path can forget it. A row holds from its
-- `changed_at` until the agent's next row (or now).
CREATE TABLE agent_availability_changes (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    agent_id     bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    availability text NOT NULL CHECK (availability IN ('online', 'busy', 'offline')),
    changed_at   timestamptz NOT NULL DEFAULT now()
);
-- A report reads an account's changes up to the period's end, per agent in order.
CREATE INDEX agent_availability_changes_idx ON agent_availability_changes (account_id, agent_id, changed_at, id);

CREATE FUNCTION record_agent_availability() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO agent_availability_changes (account_id, agent_id, availability)
    VALUES (NEW.account_id, NEW.id, NEW.availability);
    RETURN NULL;
END;
$$;
CREATE TRIGGER agents_availability_created AFTER INSERT ON agents
    FOR EACH ROW EXECUTE FUNCTION record_agent_availability();
CREATE TRIGGER agents_availability_changed AFTER UPDATE OF availability ON agents
    FOR EACH ROW WHEN (NEW.availability IS DISTINCT FROM OLD.availability)
    EXECUTE FUNCTION record_agent_availability();

-- What was before this migration is unknown: every agent's present state counts from now on.
INSERT INTO agent_availability_changes (account_id, agent_id, availability)
SELECT account_id, id, availability FROM agents;
