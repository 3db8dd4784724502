-- Account settings: the fallback language of template variants, and how long an answered conversation
-- may stay silent before it is resolved by itself (NULL never).
ALTER TABLE accounts
    ADD COLUMN default_language          text,
    ADD COLUMN auto_resolve_idle_minutes integer CHECK (auto_resolve_idle_minutes BETWEEN 1 AND 525600);
