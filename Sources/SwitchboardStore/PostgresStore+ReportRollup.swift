import Foundation
import PostgresNIO
import SwitchboardCore

/// Keeps the report rollup (sql/0210).
///
/// Rounds of every process take turns on one advisory lock. That order is what keeps a rolled-up day exact:
/// a change that commits while a day is being built leaves its mark, and the next round — which cannot begin
/// before the build has committed — sees both the day and the mark, and drops the day.
extension PostgresStore: ReportRollupStore {
    /// The advisory lock key of rollup rounds (an arbitrary constant).
    static let reportRollupLock: Int64 = 0x5250_524f_4c4c

    public func refreshReportRollup(limit: Int) async throws -> Int {
        try await transaction { [logger] connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.reportRollupLock))", logger: logger)
            try await connection.query(
                """
                WITH marks AS (DELETE FROM report_stale RETURNING account_id, lo, hi)
                DELETE FROM report_days d USING marks m
                WHERE d.account_id = m.account_id
                  AND d.day BETWEEN (m.lo AT TIME ZONE d.time_zone)::date AND (m.hi AT TIME ZONE d.time_zone)::date
                """,
                logger: logger
            )
            try await connection.query(
                """
                DELETE FROM report_days d USING accounts a
                WHERE a.id = d.account_id AND (a.time_zone <> d.time_zone OR a.missed_after_minutes <> d.missed_after)
                """,
                logger: logger
            )
        }
        var built = 0
        for (accountID, text) in try await candidates(ReportSQL.daysToRollUp(limit: limit)) {
            // A report of that one day, with no filter: the statement's parameters are a report's.
            guard let day = LocalDate(text) else { continue }
            let query = ReportQuery(accountID: accountID, period: try ReportPeriod(from: day, to: day))
            try await rollUp(ReportSQL.rollupDay, ReportSQL.bindings(query))
            built += 1
        }
        // The plans of the week statement and of reports rest on the table's statistics: after a first
        // rollup of a long history they would still describe an empty table (measured: 8–10 s per week
        // instead of 0.25 s) until autovacuum came by.
        if built > 0 { try await analyze("report_rollup") }
        let days = built
        for (accountID, week) in try await candidates(ReportSQL.weeksToRollUp(limit: limit)) {
            var bindings = PostgresBindings()
            bindings.append(accountID)
            bindings.append(week)
            try await rollUp(ReportSQL.rollupWeek, bindings)
            built += 1
        }
        if built > days { try await analyze("report_rollup_weeks") }
        return built
    }

    func analyze(_ table: String) async throws {
        try await run { [client, logger] in
            try await client.query(PostgresQuery(unsafeSQL: "ANALYZE \(table)"), logger: logger)
        }
    }

    /// One statement of a round, in its own transaction, in turn with every other round.
    func rollUp(_ sql: String, _ bindings: PostgresBindings) async throws {
        try await transaction { [logger] connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.reportRollupLock))", logger: logger)
            try await connection.query("SET LOCAL jit = off", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        }
    }

    /// The (account, day) pairs a query of `ReportSQL` lists.
    func candidates(_ sql: String) async throws -> [(Int64, String)] {
        try await run { [client, logger] in
            var found: [(Int64, String)] = []
            for try await row in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode((Int64, String).self) {
                found.append(row)
            }
            return found
        }
    }
}
