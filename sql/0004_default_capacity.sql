-- Capacity per agent with an inbox default: an agent without a capacity of their own takes the
-- conversation's inbox default_capacity (10 when the inbox sets none).
ALTER TABLE inboxes ADD COLUMN default_capacity integer CHECK (default_capacity >= 0);
ALTER TABLE agents ALTER COLUMN capacity DROP NOT NULL;
ALTER TABLE agents ALTER COLUMN capacity DROP DEFAULT;
