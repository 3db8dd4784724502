import Foundation
import PostgresNIO
import SwitchboardCore
@testable import SwitchboardStore
import Testing

/// What a database distributed by account (Citus, docs/scaling.md) would refuse in the schema, read from
/// the catalog: every primary key, unique index and foreign key between account-owned tables must include
/// the distribution column — `account_id`, or `id` for `accounts` itself, distributed by its own id.
///
/// A table is account-owned when it has an `account_id` column, or when it references an account-owned
/// table (then it needs one).
enum DistributionCatalog {
    /// The tables kept whole rather than split by account, each with the reason. Nothing else may be.
    static let undistributed: [String: String] = [
        // The migrator's own record; it lives on the coordinator, where `switchboard migrate` connects.
        "schema_migrations": "local to the coordinator",
        // The heartbeat census of serve processes: unlogged, deployment-wide, on the coordinator.
        "serve_processes": "local to the coordinator",
        // Failed sign-ins are counted per email and client address before any account is known.
        "login_failures": "local to the coordinator",
        // Sign-in by email alone: the email → account directory, copied to every node.
        "agent_emails": "reference table",
    ]

    static let query = """
        WITH tables AS (
            SELECT c.oid, c.relname::text AS name, a.attnum AS key
            FROM pg_class c
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND NOT a.attisdropped
                AND a.attname = CASE WHEN c.relname = 'accounts' THEN 'id' ELSE 'account_id' END
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ), references_ AS (
            SELECT con.conname::text AS name, con.conrelid, con.confrelid, con.conkey, con.confkey
            FROM pg_constraint con WHERE con.contype = 'f'
        ), owned AS (
            SELECT t.* FROM tables t
            WHERE NOT (t.name = ANY($1))
              AND (t.key IS NOT NULL OR EXISTS (
                  SELECT 1 FROM references_ r JOIN tables p ON p.oid = r.confrelid
                  WHERE r.conrelid = t.oid AND p.key IS NOT NULL AND NOT (p.name = ANY($1))))
        )
        SELECT format('%s has no account_id but references an account''s rows', t.name)
        FROM owned t WHERE t.key IS NULL
        UNION ALL
        SELECT format('%s has no primary key', t.name)
        FROM owned t WHERE t.key IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = t.oid AND i.indisprimary)
        UNION ALL
        SELECT format('%s: %s %s does not include %s', t.name,
                      CASE WHEN i.indisprimary THEN 'primary key' ELSE 'unique index' END,
                      i.indexrelid::regclass, CASE WHEN t.name = 'accounts' THEN 'id' ELSE 'account_id' END)
        FROM owned t JOIN pg_index i ON i.indrelid = t.oid
        WHERE t.key IS NOT NULL AND (i.indisunique OR i.indisexclusion)
          AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                          WHERE k.position <= i.indnkeyatts AND k.attnum = t.key)
        UNION ALL
        SELECT format('%s: foreign key %s to %s does not pair account_id with %s', t.name, r.name, p.name,
                      CASE WHEN p.name = 'accounts' THEN 'accounts.id' ELSE p.name || '.account_id' END)
        FROM owned t JOIN references_ r ON r.conrelid = t.oid JOIN tables p ON p.oid = r.confrelid
        WHERE t.key IS NOT NULL AND p.key IS NOT NULL AND NOT (p.name = ANY($1))
          AND NOT EXISTS (SELECT 1 FROM unnest(r.conkey, r.confkey) AS k(child, parent)
                          WHERE k.child = t.key AND k.parent = p.key)
        UNION ALL
        SELECT format('%s is not distributed but references %s, which is', t.name, p.name)
        FROM tables t JOIN references_ r ON r.conrelid = t.oid JOIN tables p ON p.oid = r.confrelid
        WHERE t.name = ANY($1) AND NOT (p.name = ANY($1)) AND p.key IS NOT NULL
        """

    /// One line per key a distributed database would refuse; empty when the schema is ready.
    static func violations(_ client: PostgresClient) async throws -> [String] {
        var bindings = PostgresBindings()
        bindings.append(Array(undistributed.keys))
        let rows = try await client.query(
            PostgresQuery(unsafeSQL: query, binds: bindings), logger: TestDatabases.logger
        )
        var lines: [String] = []
        for try await line in rows.decode(String.self) { lines.append(line) }
        return lines.sorted()
    }
}

@Suite("A schema ready to be distributed by account")
struct DistributionReadyTests {
    @Test("every primary key, unique index and foreign key of an account's tables includes account_id")
    func keysIncludeTheAccount() async throws {
        let url = try await TestDatabases.shared.create()
        let violations = try await withClient(url) { try await DistributionCatalog.violations($0) }
        #expect(violations == [])
    }

    @Test("a table added later with keys of its own is reported, key by key")
    func newTableIsCaught() async throws {
        let url = try await TestDatabases.shared.create()
        try await withClient(url) { client in
            for statement in [
                """
                CREATE TABLE later_notes (
                    id bigserial PRIMARY KEY,
                    account_id bigint NOT NULL REFERENCES accounts (id),
                    conversation_id bigint,
                    external_id text UNIQUE
                )
                """,
                """
                ALTER TABLE later_notes ADD CONSTRAINT later_notes_conversation_fkey
                    FOREIGN KEY (conversation_id, account_id) REFERENCES conversations (id, account_id)
                """,
                """
                CREATE TABLE later_links (message_id bigint, account_id bigint,
                    FOREIGN KEY (message_id, account_id) REFERENCES messages (account_id, id))
                """,
                """
                CREATE TABLE later_orphans (id bigserial PRIMARY KEY, conversation_id bigint, owner_id bigint,
                    FOREIGN KEY (conversation_id, owner_id) REFERENCES conversations (id, account_id))
                """,
            ] {
                try await Self.run(client, statement)
            }
            #expect(
                try await DistributionCatalog.violations(client) == [
                    "later_links has no primary key",
                    "later_links: foreign key later_links_message_id_account_id_fkey to messages"
                        + " does not pair account_id with messages.account_id",
                    "later_notes: primary key later_notes_pkey does not include account_id",
                    "later_notes: unique index later_notes_external_id_key does not include account_id",
                    "later_orphans has no account_id but references an account's rows",
                ]
            )
        }
    }

    @Test("a database with rows at the previous schema migrates in place, and its rows keep working")
    func populatedDatabaseMigrates() async throws {
        let url = try await TestDatabases.shared.createEmpty()
        try await withClient(url) { client in
            let all = try Migrator.bundled()
            let migrator = Migrator(client: client, logger: TestDatabases.logger)
            _ = try await client.withConnection { try await migrator.apply(all.filter { $0.version < "0200" }, on: $0) }
            try await Self.populate(client)

            #expect(try await migrator.migrate().sorted() == all.map(\.version).filter { $0 >= "0200" }.sorted())
            #expect(try await DistributionCatalog.violations(client) == [])
            #expect(try await Self.text(client, "SELECT string_agg(account_id::text, ',') FROM call_events") == "1,1")
            #expect(
                try await Self.text(client, "SELECT string_agg(email, ',' ORDER BY email) FROM agent_emails")
                    == "lead@example.org,solo@example.org"
            )

            let store = PostgresStore(client: client, logger: TestDatabases.logger)
            // The token made before the migration still signs its agent in, found by its hash alone.
            #expect(try await store.principal(tokenHash: Array("token-one".utf8))?.agent.email == "Lead@Example.org")
            // An address is still one agent in the whole deployment, whichever account asks.
            await #expect(throws: SwitchboardError.conflict("an agent with this email already exists")) {
                let copy = NewAgent(
                    name: "Copy", email: "LEAD@example.org", role: .agent, capacity: nil, passwordHash: nil
                )
                _ = try await store.createAgent(accountID: 2, copy)
            }
            // A reference can no longer cross accounts: agent 2 belongs to the other account.
            let crossing = await #expect(throws: PSQLError.self) {
                try await Self.run(client, "UPDATE conversations SET assignee_id = 2 WHERE id = 1")
            }
            #expect(crossing?.serverInfo?[.sqlState] == "23503")
            // Deleting what a row refers to nulls the reference, and only the reference.
            try await Self.run(client, "DELETE FROM templates WHERE id = 1")
            #expect(
                try await Self.text(client, "SELECT coalesce(greeting_template_id::text, 'none') FROM inboxes")
                    == "none"
            )
            // A repeated identity is still recognised by the key ingest names in ON CONFLICT.
            #expect(
                try await Self.text(
                    client,
                    """
                    WITH added AS (
                        INSERT INTO contact_identities (account_id, contact_id, inbox_id, channel_kind, external_id)
                        VALUES (1, 1, 1, 'api', 'sender-1')
                        ON CONFLICT (inbox_id, external_id, account_id) DO NOTHING RETURNING id)
                    SELECT count(*)::text FROM added
                    """
                ) == "0"
            )
            // Deleting the account takes all its rows with it, through the composite keys.
            try await Self.run(client, "DELETE FROM accounts WHERE id = 1")
            #expect(
                try await Self.text(
                    client,
                    """
                    SELECT ((SELECT count(*) FROM messages) + (SELECT count(*) FROM call_events)
                            + (SELECT count(*) FROM agent_emails WHERE account_id = 1))::text
                    """
                ) == "0"
            )
        }
    }

    /// Two accounts, the first with an agent, token, team, template, inbox, contact, conversation, message,
    /// reply in the outbox and a phone call: rows of every kind the key migration rebuilds around.
    static func populate(_ client: PostgresClient) async throws {
        let statements = [
            "INSERT INTO accounts (id, name) VALUES (1, 'Help line'), (2, 'Other')",
            """
            INSERT INTO agents (id, account_id, name, email, role) VALUES
                (1, 1, 'Lead', 'Lead@Example.org', 'admin'), (2, 2, 'Solo', 'solo@example.org', 'admin')
            """,
            "SELECT setval('agents_id_seq', 2)",
            "INSERT INTO api_tokens (account_id, agent_id, token_hash) VALUES (1, 1, 'token-one'::bytea)",
            "INSERT INTO teams (id, account_id, name) VALUES (1, 1, 'First line')",
            "INSERT INTO team_members (account_id, team_id, agent_id) VALUES (1, 1, 1)",
            "INSERT INTO templates (id, account_id, name, shortcode, body) VALUES (1, 1, 'Hello', 'hello', 'Hello!')",
            """
            INSERT INTO inboxes (id, account_id, uid, name, channel_kind, team_id, greeting_template_id)
            VALUES (1, 1, 'inbox-uid-1', 'API', 'api', 1, 1)
            """,
            "INSERT INTO contacts (id, account_id, name) VALUES (1, 1, 'Anonymous #1')",
            """
            INSERT INTO contact_identities (account_id, contact_id, inbox_id, channel_kind, external_id)
            VALUES (1, 1, 1, 'api', 'sender-1')
            """,
            """
            INSERT INTO conversations (id, account_id, inbox_id, contact_id, assignee_id, team_id)
            VALUES (1, 1, 1, 1, 1, 1)
            """,
            """
            INSERT INTO messages (id, account_id, conversation_id, inbox_id, direction, sender_type, content,
                                  external_id)
            VALUES (1, 1, 1, 1, 'in', 'contact', 'Hi', 'm-1'), (2, 1, 1, 1, 'out', 'agent', 'Hello', NULL)
            """,
            "UPDATE conversations SET last_message_id = 2 WHERE id = 1",
            "INSERT INTO outbox (account_id, message_id, inbox_id) VALUES (1, 2, 1)",
            """
            INSERT INTO calls (account_id, inbox_id, call_id, direction, from_number, to_number, status, contact_id,
                               conversation_id, message_id)
            VALUES (1, 1, 'call-1', 'in', '+100', '+200', 'completed', 1, 1, 1)
            """,
            """
            INSERT INTO call_events (inbox_id, call_id, event, answer)
            VALUES (1, 'call-1', 'ringing', '{}'), (1, 'call-1', 'hangup', '{}')
            """,
        ]
        for statement in statements { try await run(client, statement) }
    }

    static func run(_ client: PostgresClient, _ sql: String) async throws {
        try await client.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabases.logger)
    }

    static func text(_ client: PostgresClient, _ sql: String) async throws -> String? {
        try await client.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabases.logger).decode(String?.self)
            .first { _ in true } ?? nil
    }
}
