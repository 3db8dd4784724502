-- Keys a database distributed by account can keep (Citus, see docs/scaling.md): every primary key, unique
-- key and foreign key between account-owned tables includes account_id, so each is checked within one
-- account's rows, on the node that holds them. The rows stay as they are; only keys are rebuilt.
--
-- account_id is appended, not put first: a distributed database needs the column in the key, not at
-- its head. Every existing lookup (a message by id, an identity by inbox and external id, a token by its
-- hash) still finds its key as the leading columns of an index, so no index is added on the ingest path
-- and no query changes except the ON CONFLICT clauses, which name the new keys.
--
-- A foreign key names the account on both sides, so a row can only point at a row of its own account.
-- Where the old key set the reference to NULL on delete, the new one nulls only the reference column
-- (`SET NULL (x_id)`, PostgreSQL 15): account_id is never NULL.
--
-- Constraint and index names are kept: the store turns some of them into messages for API clients.

-- 1. The foreign keys between account-owned tables go first: they depend on the keys rebuilt below.
ALTER TABLE agent_availability_changes DROP CONSTRAINT agent_availability_changes_agent_id_fkey;
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_agent_id_fkey;
ALTER TABLE attachments DROP CONSTRAINT attachments_message_id_fkey;
ALTER TABLE audit_events DROP CONSTRAINT audit_events_actor_id_fkey;
ALTER TABLE automation_jobs DROP CONSTRAINT automation_jobs_conversation_id_fkey;
ALTER TABLE automation_jobs DROP CONSTRAINT automation_jobs_template_id_fkey;
ALTER TABLE call_events DROP CONSTRAINT call_events_inbox_id_fkey;
ALTER TABLE calls DROP CONSTRAINT calls_contact_id_fkey;
ALTER TABLE calls DROP CONSTRAINT calls_conversation_id_fkey;
ALTER TABLE calls DROP CONSTRAINT calls_inbox_id_fkey;
ALTER TABLE calls DROP CONSTRAINT calls_message_id_fkey;
ALTER TABLE categories DROP CONSTRAINT categories_parent_id_fkey;
ALTER TABLE contact_identities DROP CONSTRAINT contact_identities_contact_id_fkey;
ALTER TABLE contact_identities DROP CONSTRAINT contact_identities_inbox_id_fkey;
ALTER TABLE contacts DROP CONSTRAINT contacts_merged_into_fkey;
ALTER TABLE conversation_reads DROP CONSTRAINT conversation_reads_agent_id_fkey;
ALTER TABLE conversation_reads DROP CONSTRAINT conversation_reads_conversation_id_fkey;
ALTER TABLE conversations DROP CONSTRAINT conversations_assignee_id_fkey;
ALTER TABLE conversations DROP CONSTRAINT conversations_contact_id_fkey;
ALTER TABLE conversations DROP CONSTRAINT conversations_inbox_id_fkey;
ALTER TABLE conversations DROP CONSTRAINT conversations_last_message_fk;
ALTER TABLE conversations DROP CONSTRAINT conversations_team_id_fkey;
ALTER TABLE inboxes DROP CONSTRAINT inboxes_bot_webhook_endpoint_id_fkey;
ALTER TABLE inboxes DROP CONSTRAINT inboxes_csat_template_id_fkey;
ALTER TABLE inboxes DROP CONSTRAINT inboxes_farewell_template_id_fkey;
ALTER TABLE inboxes DROP CONSTRAINT inboxes_greeting_template_id_fkey;
ALTER TABLE inboxes DROP CONSTRAINT inboxes_inactivity_reminder_template_id_fkey;
ALTER TABLE inboxes DROP CONSTRAINT inboxes_out_of_office_template_id_fkey;
ALTER TABLE inboxes DROP CONSTRAINT inboxes_team_id_fkey;
ALTER TABLE mail_intake_failures DROP CONSTRAINT mail_intake_failures_inbox_id_fkey;
ALTER TABLE mailbox_checkpoints DROP CONSTRAINT mailbox_checkpoints_inbox_id_fkey;
ALTER TABLE messages DROP CONSTRAINT messages_conversation_id_fkey;
ALTER TABLE messages DROP CONSTRAINT messages_inbox_id_fkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_inbox_id_fkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_message_id_fkey;
ALTER TABLE outbox_parts DROP CONSTRAINT outbox_parts_outbox_id_fkey;
ALTER TABLE sessions DROP CONSTRAINT sessions_agent_id_fkey;
ALTER TABLE skipped_payloads DROP CONSTRAINT skipped_payloads_inbox_id_fkey;
ALTER TABLE team_members DROP CONSTRAINT team_members_agent_id_fkey;
ALTER TABLE team_members DROP CONSTRAINT team_members_team_id_fkey;
ALTER TABLE template_attachments DROP CONSTRAINT template_attachments_template_id_fkey;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_endpoint_id_fkey;

-- 2. Primary keys.
ALTER TABLE agent_availability_changes DROP CONSTRAINT agent_availability_changes_pkey, ADD CONSTRAINT agent_availability_changes_pkey PRIMARY KEY (id, account_id);
ALTER TABLE agents DROP CONSTRAINT agents_pkey, ADD CONSTRAINT agents_pkey PRIMARY KEY (id, account_id);
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_pkey, ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id, account_id);
ALTER TABLE attachments DROP CONSTRAINT attachments_pkey, ADD CONSTRAINT attachments_pkey PRIMARY KEY (id, account_id);
ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey, ADD CONSTRAINT audit_events_pkey PRIMARY KEY (id, account_id);
ALTER TABLE automation_jobs DROP CONSTRAINT automation_jobs_pkey, ADD CONSTRAINT automation_jobs_pkey PRIMARY KEY (id, account_id);
ALTER TABLE call_events DROP CONSTRAINT call_events_pkey, ADD CONSTRAINT call_events_pkey PRIMARY KEY (inbox_id, call_id, event, account_id);
ALTER TABLE calls DROP CONSTRAINT calls_pkey, ADD CONSTRAINT calls_pkey PRIMARY KEY (id, account_id);
ALTER TABLE categories DROP CONSTRAINT categories_pkey, ADD CONSTRAINT categories_pkey PRIMARY KEY (id, account_id);
ALTER TABLE contact_identities DROP CONSTRAINT contact_identities_pkey, ADD CONSTRAINT contact_identities_pkey PRIMARY KEY (id, account_id);
ALTER TABLE contacts DROP CONSTRAINT contacts_pkey, ADD CONSTRAINT contacts_pkey PRIMARY KEY (id, account_id);
ALTER TABLE conversations DROP CONSTRAINT conversations_pkey, ADD CONSTRAINT conversations_pkey PRIMARY KEY (id, account_id);
ALTER TABLE events DROP CONSTRAINT events_pkey, ADD CONSTRAINT events_pkey PRIMARY KEY (row_id, account_id);
ALTER TABLE inboxes DROP CONSTRAINT inboxes_pkey, ADD CONSTRAINT inboxes_pkey PRIMARY KEY (id, account_id);
ALTER TABLE mail_intake_failures DROP CONSTRAINT mail_intake_failures_pkey, ADD CONSTRAINT mail_intake_failures_pkey PRIMARY KEY (id, account_id);
ALTER TABLE mailbox_checkpoints DROP CONSTRAINT mailbox_checkpoints_pkey, ADD CONSTRAINT mailbox_checkpoints_pkey PRIMARY KEY (inbox_id, account_id);
ALTER TABLE messages DROP CONSTRAINT messages_pkey, ADD CONSTRAINT messages_pkey PRIMARY KEY (id, account_id);
ALTER TABLE outbox DROP CONSTRAINT outbox_pkey, ADD CONSTRAINT outbox_pkey PRIMARY KEY (id, account_id);
ALTER TABLE outbox_parts DROP CONSTRAINT outbox_parts_pkey, ADD CONSTRAINT outbox_parts_pkey PRIMARY KEY (outbox_id, part, account_id);
ALTER TABLE rules DROP CONSTRAINT rules_pkey, ADD CONSTRAINT rules_pkey PRIMARY KEY (id, account_id);
ALTER TABLE sessions DROP CONSTRAINT sessions_pkey, ADD CONSTRAINT sessions_pkey PRIMARY KEY (id, account_id);
ALTER TABLE skipped_payloads DROP CONSTRAINT skipped_payloads_pkey, ADD CONSTRAINT skipped_payloads_pkey PRIMARY KEY (id, account_id);
ALTER TABLE team_members DROP CONSTRAINT team_members_pkey, ADD CONSTRAINT team_members_pkey PRIMARY KEY (team_id, agent_id, account_id);
ALTER TABLE teams DROP CONSTRAINT teams_pkey, ADD CONSTRAINT teams_pkey PRIMARY KEY (id, account_id);
ALTER TABLE template_attachments DROP CONSTRAINT template_attachments_pkey, ADD CONSTRAINT template_attachments_pkey PRIMARY KEY (id, account_id);
ALTER TABLE templates DROP CONSTRAINT templates_pkey, ADD CONSTRAINT templates_pkey PRIMARY KEY (id, account_id);
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_pkey, ADD CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id, account_id);
ALTER TABLE webhook_endpoints DROP CONSTRAINT webhook_endpoints_pkey, ADD CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (id, account_id);

-- 3. Unique keys. Tokens, session cookies and inbox uids are random, so the account in their key takes
-- nothing away; they are still found by the hash or uid alone (the key's leading column).
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_token_hash_key,
    ADD CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash, account_id);
ALTER TABLE sessions DROP CONSTRAINT sessions_token_hash_key,
    ADD CONSTRAINT sessions_token_hash_key UNIQUE (token_hash, account_id);
ALTER TABLE inboxes DROP CONSTRAINT inboxes_uid_key,
    ADD CONSTRAINT inboxes_uid_key UNIQUE (uid, account_id);
ALTER TABLE contact_identities DROP CONSTRAINT contact_identities_inbox_id_external_id_key,
    ADD CONSTRAINT contact_identities_inbox_id_external_id_key UNIQUE (inbox_id, external_id, account_id);
ALTER TABLE outbox DROP CONSTRAINT outbox_message_id_key,
    ADD CONSTRAINT outbox_message_id_key UNIQUE (message_id, account_id);
ALTER TABLE mail_intake_failures DROP CONSTRAINT mail_intake_failures_inbox_id_uid_validity_uid_key,
    ADD CONSTRAINT mail_intake_failures_inbox_id_uid_validity_uid_key UNIQUE (inbox_id, uid_validity, uid, account_id);
ALTER TABLE calls DROP CONSTRAINT calls_inbox_id_call_id_key,
    ADD CONSTRAINT calls_inbox_id_call_id_key UNIQUE (inbox_id, call_id, account_id);
-- The public event id comes from one sequence (events_id_seq), so it stays unique on its own.
ALTER TABLE events DROP CONSTRAINT events_id_key,
    ADD CONSTRAINT events_id_key UNIQUE (id, account_id);

DROP INDEX conversations_one_active_key;
CREATE UNIQUE INDEX conversations_one_active_key ON conversations (inbox_id, contact_id, account_id)
    WHERE status <> 'resolved' AND thread_key IS NULL;
DROP INDEX messages_inbound_external_key;
CREATE UNIQUE INDEX messages_inbound_external_key ON messages (inbox_id, external_id, account_id)
    WHERE direction = 'in' AND external_id IS NOT NULL;
DROP INDEX automation_jobs_once_key;
CREATE UNIQUE INDEX automation_jobs_once_key ON automation_jobs (conversation_id, kind, account_id)
    WHERE kind IN ('greeting', 'farewell', 'csat');
DROP INDEX automation_jobs_waiting_key;
CREATE UNIQUE INDEX automation_jobs_waiting_key ON automation_jobs (conversation_id, account_id)
    WHERE status = 'pending' AND kind IN ('inactivity_reminder', 'inactivity_resolve');
DROP INDEX automation_jobs_intake_key;
CREATE UNIQUE INDEX automation_jobs_intake_key ON automation_jobs (conversation_id, account_id)
    WHERE status = 'pending' AND kind = 'intake_reminder';

-- 4. The foreign keys again, now through the account.
ALTER TABLE agent_availability_changes ADD CONSTRAINT agent_availability_changes_agent_id_fkey
    FOREIGN KEY (account_id, agent_id) REFERENCES agents (account_id, id) ON DELETE CASCADE;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_agent_id_fkey
    FOREIGN KEY (account_id, agent_id) REFERENCES agents (account_id, id) ON DELETE CASCADE;
ALTER TABLE attachments ADD CONSTRAINT attachments_message_id_fkey
    FOREIGN KEY (account_id, message_id) REFERENCES messages (account_id, id) ON DELETE CASCADE;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_actor_id_fkey
    FOREIGN KEY (account_id, actor_id) REFERENCES agents (account_id, id) ON DELETE SET NULL (actor_id);
ALTER TABLE automation_jobs ADD CONSTRAINT automation_jobs_conversation_id_fkey
    FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE;
ALTER TABLE automation_jobs ADD CONSTRAINT automation_jobs_template_id_fkey
    FOREIGN KEY (account_id, template_id) REFERENCES templates (account_id, id) ON DELETE SET NULL (template_id);
ALTER TABLE call_events ADD CONSTRAINT call_events_inbox_id_fkey
    FOREIGN KEY (account_id, inbox_id) REFERENCES inboxes (account_id, id) ON DELETE CASCADE;
ALTER TABLE calls ADD CONSTRAINT calls_contact_id_fkey
    FOREIGN KEY (account_id, contact_id) REFERENCES contacts (account_id, id) ON DELETE SET NULL (contact_id);
ALTER TABLE calls ADD CONSTRAINT calls_conversation_id_fkey
    FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE SET NULL (conversation_id);
ALTER TABLE calls ADD CONSTRAINT calls_inbox_id_fkey
    FOREIGN KEY (account_id, inbox_id) REFERENCES inboxes (account_id, id) ON DELETE CASCADE;
ALTER TABLE calls ADD CONSTRAINT calls_message_id_fkey
    FOREIGN KEY (account_id, message_id) REFERENCES messages (account_id, id) ON DELETE SET NULL (message_id);
ALTER TABLE categories ADD CONSTRAINT categories_parent_id_fkey
    FOREIGN KEY (account_id, parent_id) REFERENCES categories (account_id, id) ON DELETE CASCADE;
ALTER TABLE contact_identities ADD CONSTRAINT contact_identities_contact_id_fkey
    FOREIGN KEY (account_id, contact_id) REFERENCES contacts (account_id, id) ON DELETE CASCADE;
ALTER TABLE contact_identities ADD CONSTRAINT contact_identities_inbox_id_fkey
    FOREIGN KEY (account_id, inbox_id) REFERENCES inboxes (account_id, id) ON DELETE CASCADE;
ALTER TABLE contacts ADD CONSTRAINT contacts_merged_into_fkey
    FOREIGN KEY (account_id, merged_into) REFERENCES contacts (account_id, id) ON DELETE SET NULL (merged_into);
ALTER TABLE conversation_reads ADD CONSTRAINT conversation_reads_agent_id_fkey
    FOREIGN KEY (account_id, agent_id) REFERENCES agents (account_id, id) ON DELETE CASCADE;
ALTER TABLE conversation_reads ADD CONSTRAINT conversation_reads_conversation_id_fkey
    FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE;
ALTER TABLE conversations ADD CONSTRAINT conversations_assignee_id_fkey
    FOREIGN KEY (account_id, assignee_id) REFERENCES agents (account_id, id) ON DELETE SET NULL (assignee_id);
ALTER TABLE conversations ADD CONSTRAINT conversations_contact_id_fkey
    FOREIGN KEY (account_id, contact_id) REFERENCES contacts (account_id, id) ON DELETE CASCADE;
ALTER TABLE conversations ADD CONSTRAINT conversations_inbox_id_fkey
    FOREIGN KEY (account_id, inbox_id) REFERENCES inboxes (account_id, id) ON DELETE CASCADE;
ALTER TABLE conversations ADD CONSTRAINT conversations_last_message_fk
    FOREIGN KEY (account_id, last_message_id) REFERENCES messages (account_id, id) ON DELETE SET NULL (last_message_id);
ALTER TABLE conversations ADD CONSTRAINT conversations_team_id_fkey
    FOREIGN KEY (account_id, team_id) REFERENCES teams (account_id, id) ON DELETE SET NULL (team_id);
ALTER TABLE inboxes ADD CONSTRAINT inboxes_bot_webhook_endpoint_id_fkey
    FOREIGN KEY (account_id, bot_webhook_endpoint_id) REFERENCES webhook_endpoints (account_id, id) ON DELETE SET NULL (bot_webhook_endpoint_id);
ALTER TABLE inboxes ADD CONSTRAINT inboxes_csat_template_id_fkey
    FOREIGN KEY (account_id, csat_template_id) REFERENCES templates (account_id, id) ON DELETE SET NULL (csat_template_id);
ALTER TABLE inboxes ADD CONSTRAINT inboxes_farewell_template_id_fkey
    FOREIGN KEY (account_id, farewell_template_id) REFERENCES templates (account_id, id) ON DELETE SET NULL (farewell_template_id);
ALTER TABLE inboxes ADD CONSTRAINT inboxes_greeting_template_id_fkey
    FOREIGN KEY (account_id, greeting_template_id) REFERENCES templates (account_id, id) ON DELETE SET NULL (greeting_template_id);
ALTER TABLE inboxes ADD CONSTRAINT inboxes_inactivity_reminder_template_id_fkey
    FOREIGN KEY (account_id, inactivity_reminder_template_id) REFERENCES templates (account_id, id) ON DELETE SET NULL (inactivity_reminder_template_id);
ALTER TABLE inboxes ADD CONSTRAINT inboxes_out_of_office_template_id_fkey
    FOREIGN KEY (account_id, out_of_office_template_id) REFERENCES templates (account_id, id) ON DELETE SET NULL (out_of_office_template_id);
ALTER TABLE inboxes ADD CONSTRAINT inboxes_team_id_fkey
    FOREIGN KEY (account_id, team_id) REFERENCES teams (account_id, id) ON DELETE SET NULL (team_id);
ALTER TABLE mail_intake_failures ADD CONSTRAINT mail_intake_failures_inbox_id_fkey
    FOREIGN KEY (account_id, inbox_id) REFERENCES inboxes (account_id, id) ON DELETE CASCADE;
ALTER TABLE mailbox_checkpoints ADD CONSTRAINT mailbox_checkpoints_inbox_id_fkey
    FOREIGN KEY (account_id, inbox_id) REFERENCES inboxes (account_id, id) ON DELETE CASCADE;
ALTER TABLE messages ADD CONSTRAINT messages_conversation_id_fkey
    FOREIGN KEY (account_id, conversation_id) REFERENCES conversations (account_id, id) ON DELETE CASCADE;
ALTER TABLE messages ADD CONSTRAINT messages_inbox_id_fkey
    FOREIGN KEY (account_id, inbox_id) REFERENCES inboxes (account_id, id) ON DELETE CASCADE;
ALTER TABLE outbox ADD CONSTRAINT outbox_inbox_id_fkey
    FOREIGN KEY (account_id, inbox_id) REFERENCES inboxes (account_id, id) ON DELETE CASCADE;
ALTER TABLE outbox ADD CONSTRAINT outbox_message_id_fkey
    FOREIGN KEY (account_id, message_id) REFERENCES messages (account_id, id) ON DELETE CASCADE;
ALTER TABLE outbox_parts ADD CONSTRAINT outbox_parts_outbox_id_fkey
    FOREIGN KEY (account_id, outbox_id) REFERENCES outbox (account_id, id) ON DELETE CASCADE;
ALTER TABLE sessions ADD CONSTRAINT sessions_agent_id_fkey
    FOREIGN KEY (account_id, agent_id) REFERENCES agents (account_id, id) ON DELETE CASCADE;
ALTER TABLE skipped_payloads ADD CONSTRAINT skipped_payloads_inbox_id_fkey
    FOREIGN KEY (account_id, inbox_id) REFERENCES inboxes (account_id, id) ON DELETE CASCADE;
ALTER TABLE team_members ADD CONSTRAINT team_members_agent_id_fkey
    FOREIGN KEY (account_id, agent_id) REFERENCES agents (account_id, id) ON DELETE CASCADE;
ALTER TABLE team_members ADD CONSTRAINT team_members_team_id_fkey
    FOREIGN KEY (account_id, team_id) REFERENCES teams (account_id, id) ON DELETE CASCADE;
ALTER TABLE template_attachments ADD CONSTRAINT template_attachments_template_id_fkey
    FOREIGN KEY (account_id, template_id) REFERENCES templates (account_id, id) ON DELETE CASCADE;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_endpoint_id_fkey
    FOREIGN KEY (account_id, endpoint_id) REFERENCES webhook_endpoints (account_id, id) ON DELETE CASCADE;
