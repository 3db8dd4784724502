-- Queued replies no longer notify from their own transaction. A transaction that calls NOTIFY takes a
-- database-wide lock that it holds through its commit, so every reply's commit (and its disk flush)
-- waited for every other's: measured with pgbench, 16 clients inserting a row each commit about 2,100
-- times a second, but about 470 when each also notifies. Other processes' delivery workers now wake on
-- the event publisher's notification (one per published batch; a queued reply is a `message.created`
-- event) and on their own polls.
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
