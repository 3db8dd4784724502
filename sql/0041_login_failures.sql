-- Failed sign-ins, counted per email and per client address so repeated guessing is refused for a while
-- (see the README: after 5 failures in 15 minutes, 429 with Retry-After). Not account-owned: an unknown
-- email has no account. Rows older than a day are pruned as new ones arrive.
CREATE TABLE login_failures (
    id        bigserial PRIMARY KEY,
    email     text NOT NULL,
    address   text,
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_idx ON login_failures (email, failed_at);
CREATE INDEX login_failures_address_idx ON login_failures (address, failed_at);
CREATE INDEX login_failures_failed_at_idx ON login_failures (failed_at);
