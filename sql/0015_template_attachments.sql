-- Files that go out with every reply made from a template (a PDF with instructions): copied into the
-- reply's attachments when the reply is written, so a later change of the template never alters what
-- was sent.
CREATE TABLE template_attachments (
    id           bigserial PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    template_id  bigint NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    name         text NOT NULL,
    content_type text NOT NULL,
    size         integer NOT NULL,
    data         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX template_attachments_template_idx ON template_attachments (template_id, id);
