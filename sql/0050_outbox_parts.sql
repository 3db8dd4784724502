-- The parts of a reply that a platform accepted. A platform may need one reply as several messages
-- (a long text cut in pieces, text and files); each part is recorded the moment it is accepted, so a
-- retry after part 2 failed sends parts 2… only and the person never receives part 1 twice.
-- Parts are sent in order and the first failure ends an attempt: a reply's rows are parts 0, 1, ….
CREATE TABLE outbox_parts (
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    outbox_id   bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    part        integer NOT NULL CHECK (part >= 0),
    -- The platform's id of the message this part became, when it gave one.
    external_id text,
    accepted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (outbox_id, part)
);
