import Foundation
import PostgresNIO

/// Reads `DATABASE_URL` (`postgres://user:pass@host:port/db?sslmode=disable|prefer|require`).
/// Errors name the problem but never echo the URL, which holds a password.
enum DatabaseURL {
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static func configuration(_ text: String?) throws -> PostgresClient.Configuration {
        guard let text, !text.isEmpty else {
            throw Invalid(description: "DATABASE_URL is not set (postgres://user:password@host:port/database)")
        }
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? "") else {
            throw Invalid(description: "DATABASE_URL must look like postgres://user:password@host:port/database")
        }
        guard let user = url.user, !user.isEmpty else { throw Invalid(description: "DATABASE_URL has no user name") }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        let mode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: url.host ?? "127.0.0.1", port: url.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: url.password?.removingPercentEncoding, database: database.isEmpty ? nil : database, tls: tls
        )
        configuration.options.maximumConnections = Int(ProcessInfo.processInfo.environment["DATABASE_POOL_SIZE"] ?? "") ?? 20
        configuration.options.connectTimeout = .seconds(5)
        // The server bounds every statement and every open transaction, so a stuck request is rolled back by
        // PostgreSQL itself and its caller learns the outcome (see `withDeadline` in the store).
        let statementSeconds = Int(ProcessInfo.processInfo.environment["DATABASE_STATEMENT_TIMEOUT"] ?? "") ?? 10
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", "\(max(statementSeconds, 1) * 1000)"),
            ("idle_in_transaction_session_timeout", "60000"),
        ]
        return configuration
    }

    /// True when the host is this machine (tests refuse anything else).
    static func isLocal(_ text: String?) -> Bool {
        guard let text, let host = URLComponents(string: text)?.host else { return false }
        return ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
    }
}
