-- Automatic assignment: per-inbox policy, fairness bookkeeping per agent, and the queue's order.

ALTER TABLE inboxes
    ADD COLUMN assignment_policy text NOT NULL DEFAULT 'off'
        CHECK (assignment_policy IN ('off', 'round_robin', 'least_loaded')),
    ADD COLUMN assignment_sticky boolean NOT NULL DEFAULT false;

ALTER TABLE agents ADD COLUMN last_assigned_at timestamptz;

ALTER TABLE conversations ADD COLUMN assigned_at timestamptz;

-- The queue: unassigned, active conversations, oldest first.
CREATE INDEX conversations_waiting_idx ON conversations (account_id, created_at)
    WHERE assignee_id IS NULL AND status IN ('open', 'pending');
-- An agent's load: their open and pending conversations.
CREATE INDEX conversations_load_idx ON conversations (assignee_id) WHERE status IN ('open', 'pending');
