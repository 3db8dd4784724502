-- When an agent goes offline, their conversations without an agent reply for this many minutes go back
-- to the queue. NULL keeps them with the agent.
ALTER TABLE inboxes ADD COLUMN requeue_after_minutes integer CHECK (requeue_after_minutes >= 0);
