import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs a statement whose answer is not needed (`SELECT pg_advisory_xact_lock(…)`) and reads it to
    /// the end. A SELECT's rows are announced before it runs, so an error it meets while running — a
    /// lock wait PostgreSQL breaks as a deadlock — arrives with the rows: unread, it would be lost, and
    /// the transaction would fail later at an innocent statement instead of being retried.
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}
