-- The conversation list and a conversation's details estimate a queued conversation's wait from the
-- assignments of the last hour (`assigned_at > now() - 1 hour`). Without an index that count read every
-- conversation of the account, for every unassigned conversation of the page: 10 s a page at 200,000
-- conversations (benchmarks/conversations). With it, the count reads the last hour's rows only.
CREATE INDEX conversations_assigned_at_idx ON conversations (account_id, assigned_at) WHERE assigned_at IS NOT NULL;
