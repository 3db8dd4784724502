import Foundation
import PostgresNIO
import SwitchboardCore
@testable import SwitchboardStore
import Testing

@testable import switchboard

@Suite("Schema and bootstrap")
struct StoreTests {
    @Test("two processes migrating one empty database at once apply each migration exactly once")
    func concurrentMigrations() async throws {
        let url = try await TestDatabases.shared.createEmpty()
        let applied = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await withClient(url) { client in try await Migrator(client: client).migrate() }
                }
            }
            return try await group.reduce(into: [[String]]()) { $0.append($1) }
        }
        let expected = try Migrator.bundled().map(\.version)
        #expect(applied.flatMap { $0 }.sorted() == expected.sorted())
        try await withClient(url) { client in
            #expect(try await Migrator(client: client).migrate().isEmpty)
            let rows = try await client.query("SELECT count(*)::int FROM schema_migrations", logger: TestDatabases.logger)
            for try await count in rows.decode(Int.self) { #expect(count == expected.count) }
        }
    }

    @Test("bootstrap twice for one email creates one account and one admin")
    func bootstrapIsIdempotent() async throws {
        try await Harness.run { harness in
            let first = try await harness.store.bootstrap(accountName: "Help line", email: "Lead@Example.org", passwordHash: nil)
            let second = try await harness.store.bootstrap(accountName: "Help line", email: "lead@example.org", passwordHash: nil)
            #expect(first.created)
            #expect(!second.created)
            #expect(first.account == second.account)
            #expect(first.admin.id == second.admin.id)
            #expect(first.admin.role == .admin)
            #expect(try await harness.count("SELECT count(*)::int FROM accounts") == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM agents") == 1)
        }
    }

    @Test("migration files split into statements, keeping quoted semicolons and comments apart")
    func scriptSplitting() throws {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (t text DEFAULT 'x;y');
            /* block; comment */ CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
            """
        let statements = SQLScript.statements(script)
        #expect(statements.count == 2)
        #expect(statements[0] == "CREATE TABLE a (t text DEFAULT 'x;y')")
        #expect(statements[1].hasSuffix("$$ SELECT 1; $$ LANGUAGE sql"))
    }
}
