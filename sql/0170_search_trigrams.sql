-- Conversation search (`q`) looks for a term anywhere in message content, contact names and email
-- subjects (`ILIKE '%term%'`). Without an index a term no message contains read every message of the
-- account: 7–9.5 s at 1,000,000 messages (benchmarks/conversations). Trigram indexes answer it from the
-- index. pg_trgm ships with PostgreSQL's contrib (in Debian's postgresql package and the official image)
-- and is a trusted extension since PostgreSQL 13, so the database's owner may create it without being a
-- superuser. The tsvector index of sql/0001 was never used by any query; it goes, so ingest keeps one
-- full-text index on message content instead of two.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP INDEX IF EXISTS messages_content_search_idx;
CREATE INDEX messages_content_trgm_idx ON messages USING gin (content gin_trgm_ops);
CREATE INDEX conversations_subject_trgm_idx ON conversations USING gin (subject gin_trgm_ops) WHERE subject IS NOT NULL;
CREATE INDEX contacts_name_trgm_idx ON contacts USING gin (name gin_trgm_ops);
