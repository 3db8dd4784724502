-- A number that changes with every change to an account's rules, so a server process may keep the
-- decoded rules between ingests and still see another process's edit at its next ingest: each ingest
-- reads the number in the statement that would otherwise read the rules.

ALTER TABLE accounts ADD COLUMN rules_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION rules_bump_account_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE accounts SET rules_version = rules_version + 1
    WHERE id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.account_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.account_id END);
    RETURN NULL;
END
$$;

CREATE TRIGGER rules_bump_account_version AFTER INSERT OR UPDATE OR DELETE ON rules
    FOR EACH ROW EXECUTE FUNCTION rules_bump_account_version();
