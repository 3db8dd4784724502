-- Intake: an inbox's questionnaire that a bot asks a new conversation before a human sees it.
-- inboxes.intake is the questionnaire ({questions, variants, reminder_minutes, handoff_keywords,
-- done_template_id, skip_known_answers}); conversations.intake the progress ({state, answers, current,
-- retried, reminders, handoff_reason}). While conversations.intake->>'state' is 'running' the
-- conversation is pending and out of every queue: not assigned, not waiting for an agent.
ALTER TABLE inboxes ADD COLUMN intake jsonb;
ALTER TABLE conversations ADD COLUMN intake jsonb;
-- The options an outgoing message offers as buttons (an intake question on Telegram, Viber, VK, WhatsApp).
ALTER TABLE messages ADD COLUMN choices text[];

CREATE INDEX conversations_intake_running_idx ON conversations (inbox_id) WHERE intake ->> 'state' = 'running';

ALTER TABLE automation_jobs DROP CONSTRAINT automation_jobs_kind_check;
ALTER TABLE automation_jobs
    ADD CONSTRAINT automation_jobs_kind_check CHECK (kind IN (
        'greeting', 'farewell', 'csat', 'rule_reply', 'inactivity_reminder', 'inactivity_resolve', 'intake_reminder'));
-- One reminder waits per conversation: asking the next question replaces it.
CREATE UNIQUE INDEX automation_jobs_intake_key ON automation_jobs (conversation_id)
    WHERE status = 'pending' AND kind = 'intake_reminder';

-- An agent or a rule that takes, opens or closes a conversation while its bot still asks ends the intake:
-- whoever changes the status or the assignee (API, rules, a merge) hands it over, in that same statement.
CREATE FUNCTION conversations_end_intake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.intake := NEW.intake || jsonb_build_object('state', 'handed_off', 'handoff_reason', 'agent', 'current', NULL);
    RETURN NEW;
END
$$;
CREATE TRIGGER conversations_end_intake BEFORE UPDATE OF status, assignee_id ON conversations
    FOR EACH ROW WHEN (NEW.intake ->> 'state' = 'running'
                       AND (NEW.status <> 'pending' OR NEW.assignee_id IS NOT NULL))
    EXECUTE FUNCTION conversations_end_intake();

-- conversation.updated also when the intake moves on (an answer, the hand-over), with its old and new state.
CREATE OR REPLACE FUNCTION record_conversation_updated() RETURNS trigger LANGUAGE plpgsql AS $$
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
    IF NEW.intake IS DISTINCT FROM OLD.intake THEN
        changed := changed || jsonb_build_object('intake_state',
            jsonb_build_array(OLD.intake ->> 'state', NEW.intake ->> 'state'));
    END IF;
    INSERT INTO events (account_id, type, conversation_id, subject_id, changes)
    VALUES (NEW.account_id, 'conversation.updated', NEW.id, NEW.id, changed);
    RETURN NULL;
END;
$$;
DROP TRIGGER conversations_updated_event ON conversations;
CREATE TRIGGER conversations_updated_event AFTER UPDATE ON conversations FOR EACH ROW
    WHEN (NEW.status IS DISTINCT FROM OLD.status OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id
          OR NEW.team_id IS DISTINCT FROM OLD.team_id OR NEW.priority IS DISTINCT FROM OLD.priority
          OR NEW.labels IS DISTINCT FROM OLD.labels OR NEW.category IS DISTINCT FROM OLD.category
          OR NEW.snoozed_until IS DISTINCT FROM OLD.snoozed_until OR NEW.intake IS DISTINCT FROM OLD.intake)
    EXECUTE FUNCTION record_conversation_updated();
