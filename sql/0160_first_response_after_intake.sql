-- First response starts when the people get the conversation (issue 15's definition, "from the conversation's
-- start or last reopen"): a conversation that begins with the intake questionnaire or an external bot
-- (sql/0120, sql/0121) reaches them at the hand-over, not when the contact first wrote to the bot.
-- handed_over_at is that moment; NULL for a conversation that went to the people at once (its start is
-- created_at). Reports read the start as greatest(created_at, reopened_at, handed_over_at).
ALTER TABLE conversations ADD COLUMN handed_over_at timestamptz;

-- Every way an intake or a bot ends — the last answer, a hand-off keyword, the reminders running out, the
-- bot's PATCH, an agent taking over, the bot failing or being removed, the questionnaire removed — moves
-- intake->>'state' away from 'running', some of them through another BEFORE trigger
-- (conversations_end_intake, which runs first: triggers fire in name order). One trigger stamps them all.
CREATE FUNCTION conversations_stamp_handover() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.handed_over_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER conversations_stamp_handover BEFORE UPDATE ON conversations
    FOR EACH ROW WHEN (OLD.intake ->> 'state' = 'running' AND NEW.intake ->> 'state' IS DISTINCT FROM 'running')
    EXECUTE FUNCTION conversations_stamp_handover();

-- Conversations handed over before this version: the event log recorded the moment (intake_state changes).
UPDATE conversations c SET handed_over_at = h.at
FROM (SELECT e.conversation_id, min(e.created_at) AS at FROM events e
      WHERE e.type = 'conversation.updated' AND e.changes -> 'intake_state' ->> 0 = 'running'
        AND e.changes -> 'intake_state' ->> 1 IS DISTINCT FROM 'running'
      GROUP BY e.conversation_id) h
WHERE h.conversation_id = c.id AND c.intake IS NOT NULL AND c.intake ->> 'state' <> 'running';
