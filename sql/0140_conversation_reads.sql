-- What each agent has read: the latest message of the conversation when the agent last opened it. A
-- conversation is unread for an agent while it has a message from the contact newer than that (or the
-- agent never opened it). One row per agent and conversation, moved forward, never back.
CREATE TABLE conversation_reads (
    account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    agent_id        bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    conversation_id bigint NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    last_message_id bigint NOT NULL DEFAULT 0,
    seen_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, agent_id, conversation_id)
);
CREATE INDEX conversation_reads_conversation_idx ON conversation_reads (conversation_id);
