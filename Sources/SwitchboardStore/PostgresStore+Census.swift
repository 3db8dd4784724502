import Foundation
import PostgresNIO
import SwitchboardCore

/// The heartbeats of the serve processes sharing this database.
extension PostgresStore: CensusStore {
    public func heartbeat(processID: UUID, staleAfter: Duration) async throws -> Int {
        let seconds = Double(staleAfter.components.seconds)
        return try await run { [client, logger] in
            // One statement: the write and the count see the same moment, and a crashed process's row goes.
            let rows = try await client.query(
                """
                WITH beat AS (
                    INSERT INTO serve_processes (id) VALUES (\(processID)) ON CONFLICT (id) DO UPDATE SET seen_at = now()
                ), gone AS (
                    DELETE FROM serve_processes WHERE seen_at < now() - make_interval(secs => \(seconds)) AND id <> \(processID)
                )
                SELECT 1 + count(*)::int FROM serve_processes
                WHERE id <> \(processID) AND seen_at >= now() - make_interval(secs => \(seconds))
                """,
                logger: logger
            )
            for try await count in rows.decode(Int.self) { return count }
            return 1
        }
    }

    public func leave(processID: UUID) async throws {
        try await run { [client, logger] in
            try await client.query("DELETE FROM serve_processes WHERE id = \(processID)", logger: logger)
        }
    }
}
