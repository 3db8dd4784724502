import Foundation
import Logging
import PostgresNIO

/// Applies the numbered files of `sql/` in order, once each, recorded in `schema_migrations`.
/// A session advisory lock makes concurrent starts take turns instead of racing.
public struct Migrator: Sendable {
    /// An arbitrary constant: the advisory lock key that guards migrations.
    static let lockKey: Int64 = 0x5357_4243_4d49_4752

    public struct Migration: Sendable, Equatable {
        public var version: String
        public var sql: String
    }

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger = Logger(label: "switchboard.migrate")) {
        self.client = client
        self.logger = logger
    }

    /// The migrations shipped with this build, by file name order.
    public static func bundled() throws -> [Migration] {
        guard let folder = Bundle.module.url(forResource: "sql", withExtension: nil) else {
            throw MigrationError.missingFolder
        }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { file in
            Migration(version: file.deletingPathExtension().lastPathComponent, sql: try String(contentsOf: file, encoding: .utf8))
        }
    }

    /// Returns the versions it applied now (empty when the schema was current).
    @discardableResult
    public func migrate() async throws -> [String] {
        let migrations = try Self.bundled()
        return try await client.withConnection { connection in
            // Waiting for another process's migration, or building an index on a large table, may take
            // longer than the statement deadline that protects requests.
            try await connection.query("SET statement_timeout = 0", logger: logger)
            try await connection.execute("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let applied = try await apply(migrations, on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                try await connection.query("RESET statement_timeout", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                _ = try? await connection.query("RESET statement_timeout", logger: logger)
                throw error
            }
        }
    }

    func apply(_ migrations: [Migration], on connection: PostgresConnection) async throws -> [String] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
            """,
            logger: logger
        )
        var done = Set<String>()
        for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger)
            .decode(String.self)
        {
            done.insert(version)
        }
        var applied: [String] = []
        for migration in migrations where !done.contains(migration.version) {
            logger.info("applying migration", metadata: ["version": "\(migration.version)"])
            try await connection.withTransaction(logger: logger) { connection in
                for statement in SQLScript.statements(migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version) VALUES (\(migration.version))", logger: logger
                )
            }
            applied.append(migration.version)
        }
        return applied
    }
}

public enum MigrationError: Error, CustomStringConvertible {
    case missingFolder

    public var description: String { "the sql/ migrations are missing from this build" }
}
