-- Merge suggestions: contacts whose phone numbers end in the same 9 digits (the national number without its
-- trunk 0 or country code: `067 123 45 67`, `+380 67 123 45 67` and `380671234567` are one key) are
-- probably one person who reached us on two channels (a call and Viber). The key is an expression index,
-- so a contact's suggestions are one index lookup.
CREATE INDEX contacts_phone_key_idx ON contacts (account_id, right(regexp_replace(phone, '[^0-9]', '', 'g'), 9))
    WHERE phone IS NOT NULL AND merged_into IS NULL;
