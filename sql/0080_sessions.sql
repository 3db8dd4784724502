-- Console sign-ins: a browser holds a random token in an HttpOnly cookie; only its SHA-256 is kept here.
-- A session ends when its agent signs out (the row is deleted), when it has been idle longer than the
-- server's idle limit (last_seen_at is moved forward as it is used), or when its agent is deleted.
CREATE TABLE sessions (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    agent_id     bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    token_hash   bytea NOT NULL UNIQUE,
    address      text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_agent_idx ON sessions (agent_id);
CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at);
