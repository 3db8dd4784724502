import Foundation
import Logging
import NIOCore
import PostgresNIO
import SwitchboardCore

/// The conversation store on PostgreSQL. One value serves every store protocol of the domain;
/// it holds the client and a cache of decoded rules, so copies are cheap and share both.
public struct PostgresStore: Sendable {
    public let client: PostgresClient
    let logger: Logger
    /// How long an operation may wait for the database before the caller is told it is unavailable.
    let operationTimeout: Duration
    /// Shared by the copies of this value: one cache per process (per store made), checked against the database.
    let ruleCache = RuleCache()

    public init(client: PostgresClient, logger: Logger = Logger(label: "switchboard.store"), operationTimeout: Duration = .seconds(10)) {
        self.client = client
        self.logger = logger
        self.operationTimeout = operationTimeout
    }

    /// Runs one database operation, turning connection trouble into `storeUnavailable` and unique
    /// violations into `conflict`, so no `PSQLError` ever reaches a caller.
    func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withDeadline(operationTimeout, operation)
        } catch let error as SwitchboardError {
            throw error
        } catch let error as PSQLError {
            throw translate(error)
        } catch is DeadlineExceeded {
            logger.warning("database operation timed out")
            throw SwitchboardError.storeUnavailable
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.warning("database unavailable", metadata: ["error": "\(String(reflecting: error))"])
            throw SwitchboardError.storeUnavailable
        }
    }

    /// Runs `body` in one transaction. A transaction PostgreSQL broke to resolve a deadlock (40P01) or a
    /// serialization failure (40001) ran no part of itself to completion, so it is run again, up to
    /// three times in all, instead of failing a request that would succeed a moment later.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await run { [client, logger] in
            var attempt = 1
            while true {
                do {
                    return try await client.withTransaction(logger: logger) { connection in
                        try await body(connection)
                    }
                } catch let error as PostgresTransactionError {
                    // Report what went wrong inside, so domain errors and constraint violations keep their meaning.
                    let inner = error.closureError ?? error.commitError ?? error.beginError ?? error
                    let state = (inner as? PSQLError)?.serverInfo?[.sqlState]
                    guard attempt < 3, state == "40P01" || state == "40001" else { throw inner }
                    logger.notice("transaction broken by the database; running it again", metadata: ["sqlstate": "\(state ?? "")"])
                    attempt += 1
                }
            }
        }
    }

    func translate(_ error: PSQLError) -> any Error {
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let constraint = error.serverInfo?[.constraintName] ?? ""
            switch state {
            case "23505": return SwitchboardError.conflict(Self.conflictMessage(constraint: constraint))
            case "23503": return SwitchboardError.invalid([FieldError(field: Self.field(constraint: constraint), message: "refers to something that does not exist")])
            case "57P01", "57P02", "57P03", "08000", "08003", "08006", "53300", "40001", "40P01", "55P03":
                // The server went away, is overloaded, or chose this transaction to break a deadlock: retry later.
                return SwitchboardError.storeUnavailable
            case _ where state.hasPrefix("22"):
                // A data exception: a value PostgreSQL cannot store, such as a NUL character in text.
                return SwitchboardError.malformed("the request contains a value that cannot be stored (such as a NUL character)")
            default:
                // Not the caller's fault and not an outage: a defect, answered 500 with the details in the log.
                logger.error("database error", metadata: ["sqlstate": "\(state)", "error": "\(String(reflecting: error))"])
                return StoreDefect(sqlState: state)
            }
        default:
            logger.warning("database unavailable", metadata: ["error": "\(String(reflecting: error))"])
            return SwitchboardError.storeUnavailable
        }
    }

    static func conflictMessage(constraint: String) -> String {
        switch constraint {
        case "agents_email_key": "an agent with this email already exists"
        case "teams_name_key": "a team with this name already exists"
        case "templates_shortcode_key": "a template with this shortcode already exists"
        case "categories_name_key": "a category with this name already exists at this level"
        case "conversations_one_active_key": "the contact already has an open conversation in this inbox"
        default: "conflicts with existing data"
        }
    }

    static func field(constraint: String) -> String {
        if constraint.contains("team") { return "team_id" }
        if constraint.contains("template") { return "greeting_template_id" }
        if constraint.contains("assignee") { return "assignee_id" }
        return "id"
    }
}

struct DeadlineExceeded: Error {}

/// A statement the database refused for a reason that is neither bad input nor an outage (a bug).
public struct StoreDefect: Error, CustomStringConvertible {
    public var sqlState: String
    public var description: String { "the database refused a statement (SQLSTATE \(sqlState))" }
}

/// Runs `operation`, giving up after `timeout` (the operation is cancelled).
func withDeadline<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

extension PostgresStore {
    static func encodeJSON(_ value: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    static func decodeJSON(_ text: String?) -> [String: JSONValue] {
        guard let text, let value = try? JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8)) else {
            return [:]
        }
        return value
    }
}
