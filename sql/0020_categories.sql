-- The account's reference list of request categories: top-level categories and their sub-categories
-- (two levels). Conversations keep the path they were given ("Legal/Housing") in conversations.category.
CREATE TABLE categories (
    id         bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    parent_id  bigint REFERENCES categories (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100 AND strpos(name, '/') = 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- A name once under the same parent, whatever its case.
CREATE UNIQUE INDEX categories_name_key ON categories (account_id, coalesce(parent_id, 0), lower(name));
CREATE INDEX categories_parent_idx ON categories (parent_id);

-- Reports count conversations by category.
CREATE INDEX conversations_category_idx ON conversations (account_id, category) WHERE category IS NOT NULL;
