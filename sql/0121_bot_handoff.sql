-- External bot hand-off: an inbox may name a webhook endpoint as its bot. New conversations start pending
-- with conversations.intake = {"state": "running", "bot": true, ...}: out of every queue (like the built-in
-- intake) while the bot talks through the API as sender_type 'bot'. The bot hands over with
-- PATCH status: open; a delivery to it that dies, or the bot's removal, hands over by itself.
ALTER TABLE inboxes ADD COLUMN bot_webhook_endpoint_id bigint REFERENCES webhook_endpoints (id) ON DELETE SET NULL;

ALTER TABLE messages DROP CONSTRAINT messages_sender_type_check;
ALTER TABLE messages ADD CONSTRAINT messages_sender_type_check
    CHECK (sender_type IN ('contact', 'agent', 'automation', 'bot'));

-- Whoever opens, resolves or takes the conversation ends the intake; for an external bot that is how it
-- hands over (`bot`), otherwise a person took over (`agent`).
CREATE OR REPLACE FUNCTION conversations_end_intake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.intake := NEW.intake || jsonb_build_object(
        'state', 'handed_off', 'current', NULL,
        'handoff_reason', CASE WHEN NEW.intake ->> 'bot' = 'true' THEN 'bot' ELSE 'agent' END);
    RETURN NEW;
END
$$;

-- The bot is gone (its endpoint deleted, or the inbox's `bot` cleared): nobody may be left waiting on it.
CREATE FUNCTION inboxes_bot_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE conversations SET status = CASE WHEN status = 'pending' THEN 'open' ELSE status END,
        intake = intake || '{"state": "handed_off", "handoff_reason": "bot_removed", "current": null}'::jsonb,
        waiting_since = now(), updated_at = now()
    WHERE inbox_id = NEW.id AND intake ->> 'state' = 'running' AND intake ->> 'bot' = 'true';
    RETURN NULL;
END
$$;
CREATE TRIGGER inboxes_bot_removed AFTER UPDATE OF bot_webhook_endpoint_id ON inboxes
    FOR EACH ROW WHEN (OLD.bot_webhook_endpoint_id IS NOT NULL AND NEW.bot_webhook_endpoint_id IS NULL)
    EXECUTE FUNCTION inboxes_bot_removed();
