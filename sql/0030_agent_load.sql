-- An agent's load (their open and pending conversations) kept on the agent row itself.
--
-- Automatic assignment picks an agent with `FOR UPDATE SKIP LOCKED` and checks room on the row it
-- locks: concurrent ingests then take different agents instead of queueing on one account-wide lock,
-- and PostgreSQL re-reads a row that changed while it waited, so two transactions can never both take
-- an agent's last slot. A trigger keeps the figure, so every writer counts — the API, rules,
-- escalation, requeueing, a manual fix in the database — without knowing about it.

ALTER TABLE agents ADD COLUMN open_assigned integer NOT NULL DEFAULT 0;

CREATE FUNCTION conversations_track_agent_load() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was bigint;
    now_on bigint;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status IN ('open', 'pending') THEN was := OLD.assignee_id; END IF;
    IF TG_OP <> 'DELETE' AND NEW.status IN ('open', 'pending') THEN now_on := NEW.assignee_id; END IF;
    IF was IS NOT DISTINCT FROM now_on THEN RETURN NULL; END IF;
    -- One statement for both agents of a reassignment, so the two rows are locked in index order
    -- whichever way the conversation moves.
    UPDATE agents SET open_assigned = open_assigned + CASE WHEN id = now_on THEN 1 ELSE -1 END
    WHERE id IN (was, now_on);
    RETURN NULL;
END
$$;

-- Taken before the figures are computed: writers wait until both are in place.
CREATE TRIGGER conversations_agent_load_insert AFTER INSERT ON conversations
    FOR EACH ROW WHEN (NEW.assignee_id IS NOT NULL) EXECUTE FUNCTION conversations_track_agent_load();
CREATE TRIGGER conversations_agent_load_update AFTER UPDATE OF assignee_id, status ON conversations
    FOR EACH ROW WHEN (OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION conversations_track_agent_load();
CREATE TRIGGER conversations_agent_load_delete AFTER DELETE ON conversations
    FOR EACH ROW WHEN (OLD.assignee_id IS NOT NULL) EXECUTE FUNCTION conversations_track_agent_load();

UPDATE agents a SET open_assigned = l.n
FROM (SELECT assignee_id, count(*)::int AS n FROM conversations
      WHERE assignee_id IS NOT NULL AND status IN ('open', 'pending') GROUP BY assignee_id) l
WHERE l.assignee_id = a.id;
