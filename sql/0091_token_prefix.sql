-- The first characters of each API token, so a person can tell their tokens apart in a list without the
-- token itself ever being stored (only its SHA-256 is). Tokens issued before this show none.
ALTER TABLE api_tokens ADD COLUMN prefix text;
CREATE INDEX api_tokens_agent_idx ON api_tokens (agent_id, id);
