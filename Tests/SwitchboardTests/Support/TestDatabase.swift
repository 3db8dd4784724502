import Foundation
import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

/// Fresh, migrated databases for tests, copied from a template migrated once per run.
/// Refuses any database that is not on this machine: tests drop and create databases.
actor TestDatabases {
    static let shared = TestDatabases()

    private var template: String?
    private var counter = 0
    let adminURL: String

    init() {
        adminURL = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
    }

    private var last: Task<String, any Error>?

    /// A new database's URL; the template is migrated by the first caller. Creations run one at a time
    /// (PostgreSQL refuses to copy a template that another creation is reading).
    func create() async throws -> String {
        let previous = last
        let task = Task {
            _ = try? await previous?.value
            return try await self.createNow()
        }
        last = task
        do {
            return try await task.value
        } catch let error as PSQLError {
            throw TestSetupError(String(reflecting: error))
        }
    }

    /// A new database without any schema, for migration tests.
    func createEmpty() async throws -> String {
        counter += 1
        return try await recreate("sbt_empty_\(ProcessInfo.processInfo.processIdentifier)_\(counter)", template: nil)
    }

    /// Drops and creates `name` (as a copy of `template` when given); returns its URL.
    private func recreate(_ name: String, template: String?) async throws -> String {
        guard DatabaseURL.isLocal(adminURL) else {
            throw TestSetupError("DATABASE_URL must point at a local PostgreSQL (scripts/test starts one)")
        }
        let copy = template.map { " TEMPLATE \($0)" } ?? ""
        try await admin { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name)"), logger: Self.logger)
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)\(copy)"), logger: Self.logger)
        }
        return url(database: name)
    }

    private func createNow() async throws -> String {
        let template = try await migratedTemplate()
        counter += 1
        return try await recreate("sbt_\(ProcessInfo.processInfo.processIdentifier)_\(counter)", template: template)
    }

    private func migratedTemplate() async throws -> String {
        if let template { return template }
        let name = "sbt_template_\(ProcessInfo.processInfo.processIdentifier)"
        try await withClient(try await recreate(name, template: nil)) { client in
            try await Migrator(client: client, logger: Self.logger).migrate()
        }
        template = name
        return name
    }

    private func url(database: String) -> String {
        var components = URLComponents(string: adminURL)!
        components.path = "/" + database
        return components.string!
    }

    private func admin(_ body: @Sendable (PostgresConnection) async throws -> Void) async throws {
        try await withClient(adminURL) { client in
            try await client.withConnection { try await body($0) }
        }
    }

    static let logger = Logger(label: "switchboard.tests")
}

struct TestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` with a running client for `url`.
func withClient<T: Sendable>(
    _ url: String, _ body: @Sendable (PostgresClient) async throws -> T
) async throws -> T {
    let client = PostgresClient(configuration: try DatabaseURL.configuration(url), backgroundLogger: TestDatabases.logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        return try await body(client)
    }
}

/// A new account on the database at `url`, with its admin's API token (for tests that start servers themselves).
func bootstrapAdminToken(_ url: String, account: String = "Org", email: String = "admin@example.org") async throws -> String {
    try await withClient(url) { client in
        let store = PostgresStore(client: client)
        let made = try await store.bootstrap(accountName: account, email: email, passwordHash: nil)
        let token = AccessToken.generate()
        try await store.saveToken(agentID: made.admin.id, tokenHash: AccessToken.hash(token), prefix: AccessToken.prefix(token), name: nil)
        return token
    }
}
