-- Reports read messages by their time (sql/0060). With the columns a report needs in the index itself, a
-- report without filters reads the index alone, not a million rows of the table.
CREATE INDEX messages_report_idx ON messages (account_id, created_at) INCLUDE (direction, private, reply_seconds, conversation_id);
DROP INDEX messages_account_created_idx;
