import Foundation
import Synchronization
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
    /// Seals channel secrets on write and opens them on read; nil stores them as given (no key configured).
    public let secrets: SecretBox?
    /// Whether reports read the rolled-up days (sql/0210). Off, every report reads the events themselves:
    /// the same figures, slower (the tests compare both).
    public var readsReportRollup = true

    public init(
        client: PostgresClient, logger: Logger = Logger(label: "switchboard.store"), operationTimeout: Duration = .seconds(10),
        secrets: SecretBox? = nil
    ) {
        self.client = client
        self.secrets = secrets
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
        } catch let error as SecretsAtRestError {
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
                        // From here on the outcome is the database's to tell: the deadline no longer answers
                        // for it (each statement is bounded by the server's statement_timeout instead).
                        try DeadlineGate.current?.enter()
                        return try await body(connection)
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
            case "23503": return SwitchboardError.badReference(Self.reference(constraint: constraint), "refers to something that does not exist")
            case "57P01", "57P02", "57P03", "57014", "25P03", "08000", "08003", "08006", "53300", "40001", "40P01", "55P03":
                // The server went away, is overloaded, hit the statement deadline (and rolled back), or chose this
                // transaction to break a deadlock: nothing was written, retry later.
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

    static func reference(constraint: String) -> Reference {
        if constraint.contains("team") { return .team }
        if constraint.contains("template") { return .greetingTemplate }
        if constraint.contains("assignee") { return .assignee }
        return .unspecified
    }
}

struct DeadlineExceeded: Error {}

/// A statement the database refused for a reason that is neither bad input nor an outage (a bug).
public struct StoreDefect: Error, CustomStringConvertible {
    public var sqlState: String
    public var description: String { "the database refused a statement (SQLSTATE \(sqlState))" }
}

/// Runs `operation`, giving up after `timeout` while it is still waiting for the database.
///
/// A transaction that has begun is never abandoned: once it passes its `DeadlineGate`, the deadline
/// stops counting and the caller waits for COMMIT or ROLLBACK, so a 503 always means nothing was
/// written (an answer given before knowing would make the sender retry a message that was stored).
/// The statements themselves are bounded on the server (`statement_timeout`), which rolls back.
func withDeadline<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let gate = DeadlineGate()
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await DeadlineGate.$current.withValue(gate) { try await operation() } }
        group.addTask {
            try await Task.sleep(for: timeout)
            guard gate.expire() else { return nil }  // the transaction is under way: wait for its outcome
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        while let value = try await group.next() {
            if let value { return value }
        }
        throw DeadlineExceeded()
    }
}

/// Decides, once, whether an operation's deadline or its transaction came first.
final class DeadlineGate: Sendable {
    @TaskLocal static var current: DeadlineGate?

    private enum State { case waiting, entered, expired }
    private let state = Mutex(State.waiting)

    /// Called as a transaction's body starts; throws when the deadline has already answered the caller.
    func enter() throws {
        let entered = state.withLock { state in
            guard state == .waiting else { return state == .entered }
            state = .entered
            return true
        }
        if !entered { throw DeadlineExceeded() }
    }

    /// Called when the deadline passes; false when a transaction has already begun and must be waited for.
    func expire() -> Bool {
        state.withLock { state in
            guard state == .waiting else { return state == .expired }
            state = .expired
            return true
        }
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
