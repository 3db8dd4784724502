-- call_events was the one table of an account's data without account_id (it hung off its inbox). Every
-- account-owned row carries account_id, the key the schema can be distributed by (docs/scaling.md).
ALTER TABLE call_events ADD COLUMN account_id bigint;
UPDATE call_events e SET account_id = i.account_id FROM inboxes i WHERE i.id = e.inbox_id;
ALTER TABLE call_events ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE call_events
    ADD CONSTRAINT call_events_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE;
