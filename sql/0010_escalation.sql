-- Escalation lines: the ordered teams a conversation moves through (first line, second, third).
ALTER TABLE inboxes ADD COLUMN escalation_team_ids bigint[] NOT NULL DEFAULT '{}';
