import Logging
import PostgresNIO
import Synchronization

/// A statement PostgreSQL parses and plans once per connection instead of on every call: worth it for
/// the long statements of the ingest path, whose planning costs more than running them. Parameters are
/// `$1`, `$2`, … in the order of the bindings.
protocol PreparedSQL {
    static var sql: String { get }
}

/// A `PreparedSQL` with its values. The driver prepares it on a connection the first time it runs there.
///
/// The driver also remembers a failed preparation for the rest of the connection's life: one deadlock
/// while preparing (against a migration, say) would break the statement on that connection for good.
/// So after an error the statement gets a new name, which every connection prepares afresh.
struct Prepared<Text: PreparedSQL>: PostgresPreparedStatement {
    typealias Row = PostgresRow

    /// The qualified type name: two nested types with the same short name must not share a statement.
    static var name: String { "\(String(reflecting: Text.self)).\(PreparedGenerations.current(Text.self))" }
    static var sql: String { Text.sql }

    var bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// How many times each prepared statement has been renamed after an error.
enum PreparedGenerations {
    private static let generations = Mutex<[ObjectIdentifier: Int]>([:])

    static func current<Text: PreparedSQL>(_ text: Text.Type) -> Int {
        generations.withLock { $0[ObjectIdentifier(text)] ?? 0 }
    }

    static func renew<Text: PreparedSQL>(_ text: Text.Type) {
        generations.withLock { $0[ObjectIdentifier(text), default: 0] += 1 }
    }
}

extension PostgresConnection {
    /// Runs a prepared statement and reads it to the end (an error a statement meets while running
    /// arrives with its rows, and must fail this call). After an error other than bad data, whether it
    /// came from preparing or from running, the statement is renamed (see `Prepared`).
    func rows<Text: PreparedSQL>(_ text: Text.Type, _ bindings: PostgresBindings, logger: Logger) async throws -> [PostgresRow] {
        do {
            var rows: [PostgresRow] = []
            for try await row in try await execute(Prepared<Text>(bindings: bindings), logger: logger) { rows.append(row) }
            return rows
        } catch {
            let state = (error as? PSQLError)?.serverInfo?[.sqlState] ?? ""
            if !state.hasPrefix("22"), !state.hasPrefix("23") { PreparedGenerations.renew(text) }
            throw error
        }
    }
}
