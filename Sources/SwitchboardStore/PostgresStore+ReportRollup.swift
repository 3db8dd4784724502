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
        for (accountID, day) in try await daysToRollUp(limit: limit) {
            try await transaction { [logger] connection in
                try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.reportRollupLock))", logger: logger)
                var bindings = PostgresBindings()
                bindings.append(accountID)
                bindings.append(day)
                bindings.append(day)
                for _ in 0..<3 { bindings.append(Int64?.none) }
                for _ in 0..<3 { bindings.append(String?.none) }
                try await connection.query("SET LOCAL jit = off", logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: ReportSQL.rollupDay, binds: bindings), logger: logger)
            }
            built += 1
        }
        for (accountID, week) in try await weeksToRollUp(limit: limit) {
            try await transaction { [logger] connection in
                try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.reportRollupLock))", logger: logger)
                var bindings = PostgresBindings()
                bindings.append(accountID)
                bindings.append(week)
                try await connection.query(PostgresQuery(unsafeSQL: ReportSQL.rollupWeek, binds: bindings), logger: logger)
            }
            built += 1
        }
        return built
    }

    /// Weeks whose seven days are rolled up and that are not yet, newest first (their Mondays).
    func weeksToRollUp(limit: Int) async throws -> [(Int64, String)] {
        try await run { [client, logger] in
            var weeks: [(Int64, String)] = []
            for try await row in try await client.query(
                """
                SELECT d.account_id, to_char(d.day, 'YYYY-MM-DD') FROM report_days d
                WHERE extract(isodow FROM d.day) = 1
                  AND (SELECT count(*) FROM report_days x WHERE x.account_id = d.account_id AND x.day BETWEEN d.day AND d.day + 6) = 7
                  AND NOT EXISTS (SELECT 1 FROM report_weeks w WHERE w.account_id = d.account_id AND w.week = d.day)
                ORDER BY d.day DESC, d.account_id
                LIMIT \(limit)
                """,
                logger: logger
            ).decode((Int64, String).self) {
                weeks.append(row)
            }
            return weeks
        }
    }

    /// Finished days not rolled up yet, newest first: from each account's first conversation or message to the
    /// last day that ended `missed_after` and two hours ago (no conversation of it can still become missed, and
    /// no transaction still open could change it unseen — sql/0210).
    func daysToRollUp(limit: Int) async throws -> [(Int64, String)] {
        try await run { [client, logger] in
            var days: [(Int64, String)] = []
            for try await row in try await client.query(
                """
                SELECT a.id, to_char(g.day, 'YYYY-MM-DD')
                FROM accounts a
                CROSS JOIN LATERAL (
                    SELECT least((SELECT min(created_at) FROM conversations WHERE account_id = a.id),
                                 (SELECT min(created_at) FROM messages WHERE account_id = a.id)) AS first_at
                ) f
                CROSS JOIN LATERAL generate_series(
                    (f.first_at AT TIME ZONE a.time_zone)::date,
                    ((now() - make_interval(mins => a.missed_after_minutes) - interval '2 hours') AT TIME ZONE a.time_zone)::date - 1,
                    interval '1 day') AS g(day)
                WHERE f.first_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM report_days d WHERE d.account_id = a.id AND d.day = g.day::date)
                ORDER BY g.day DESC, a.id
                LIMIT \(limit)
                """,
                logger: logger
            ).decode((Int64, String).self) {
                days.append(row)
            }
            return days
        }
    }
}
