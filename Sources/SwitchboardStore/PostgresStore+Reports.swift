import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// Reports over the stamped per-conversation metrics (see `ReportSQL` for the shape of every query).
extension PostgresStore: ReportStore {
    public func summary(_ query: ReportQuery) async throws -> (current: ReportFigures, previous: ReportFigures) {
        // A week across the start of the period would mix the period with the one before it.
        let rollup = rollup(query, key: .none, weeks: "NOT (w.week < $2::date AND w.week + 6 >= $2::date)")
        let sql = """
            WITH \(ReportSQL.bounds), \(ReportSQL.events(Set(ReportEvent.allCases), key: .none, withPrevious: true, businessHours: query.businessHours, filtered: query.filtered, rollup: rollup))
            \(ReportSQL.aggregated(by: [("e.at >= b.lo", "current")], partials: rollup != nil))
            """
        let rows = try await reportRows(sql, ReportSQL.bindings(query))
        var current = ReportFigures()
        var previous = ReportFigures()
        for row in rows {
            let figures = try ReportSQL.figures(row)
            if try row.makeRandomAccess()["current"].decode(Bool.self) { current = figures } else { previous = figures }
        }
        return (current, previous)
    }

    public func timeseries(_ query: ReportQuery, metric: ReportMetric, bucket: TimeBucket) async throws -> [TimeseriesPoint] {
        var bindings = ReportSQL.bindings(query)
        bindings.append(bucket.rawValue)
        // Weeks fit a series by week, and one by month where they do not cross a month's end.
        let weeks: String? = switch bucket {
        case .hour, .day: nil
        case .week: "true"
        case .month: "date_trunc('month', w.week) = date_trunc('month', w.week + 6)"
        }
        let rollup = rollup(query, key: .none, hourly: bucket == .hour, weeks: weeks)
        let sql = """
            WITH \(ReportSQL.bounds), \(ReportSQL.events(metric.events, key: .none, withPrevious: false, businessHours: query.businessHours, filtered: query.filtered, rollup: rollup)),
            agg AS (\(ReportSQL.aggregated(by: [("date_trunc($10::text, e.at AT TIME ZONE b.tz)", "bucket")], partials: rollup != nil)))
            SELECT s.bucket AT TIME ZONE b.tz AS start, agg.*
            FROM b CROSS JOIN generate_series(
                     date_trunc($10::text, b.lo AT TIME ZONE b.tz), (b.hi AT TIME ZONE b.tz) - interval '1 microsecond',
                     ('1 ' || $10::text)::interval) AS s(bucket)
                 LEFT JOIN agg ON agg.bucket = s.bucket
            ORDER BY s.bucket
            """
        return try await reportRows(sql, bindings).map { row in
            TimeseriesPoint(
                start: try row.makeRandomAccess()["start"].decode(Date.self),
                value: try ReportSQL.figures(row).value(of: metric)
            )
        }
    }

    public func heatmap(_ query: ReportQuery) async throws -> [HeatmapCell] {
        let rollup = rollup(query, key: .none, weeks: nil)
        // A rolled-up day holds its conversations per hour.
        let hours = rollup == nil ? "" : """
            WHERE e.hours IS NULL
            UNION ALL
            SELECT extract(isodow FROM e.at AT TIME ZONE b.tz)::int, (h.o - 1)::int, h.n
            FROM e CROSS JOIN b CROSS JOIN LATERAL unnest(e.hours) WITH ORDINALITY AS h(n, o)
            """
        let sql = """
            WITH \(ReportSQL.bounds), \(ReportSQL.events([.created], key: .none, withPrevious: false, businessHours: query.businessHours, filtered: query.filtered, rollup: rollup)),
            cells AS (
                SELECT x.dow, x.hour, sum(x.n)::int AS conversations
                FROM (
                    SELECT extract(isodow FROM e.at AT TIME ZONE b.tz)::int AS dow, extract(hour FROM e.at AT TIME ZONE b.tz)::int AS hour,
                           1 AS n
                    FROM e CROSS JOIN b
                    \(hours)
                ) x
                GROUP BY 1, 2
            )
            SELECT d.dow, h.hour, coalesce(cells.conversations, 0) AS conversations
            FROM generate_series(1, 7) AS d(dow) CROSS JOIN generate_series(0, 23) AS h(hour)
                 LEFT JOIN cells ON cells.dow = d.dow AND cells.hour = h.hour
            ORDER BY d.dow, h.hour
            """
        return try await reportRows(sql, ReportSQL.bindings(query)).map { row in
            let (weekday, hour, count) = try row.decode((Int, Int, Int).self)
            return HeatmapCell(weekday: weekday, hour: hour, conversations: count)
        }
    }

    public func breakdown(_ query: ReportQuery, by dimension: BreakdownDimension) async throws -> [BreakdownRow] {
        let name: String
        switch dimension {
        case .agent: name = "coalesce((SELECT n.name FROM agents n WHERE n.id = r.row_id), 'Unassigned')"
        case .team: name = "coalesce((SELECT n.name FROM teams n WHERE n.id = r.row_id), 'No team')"
        case .inbox: name = "coalesce((SELECT n.name FROM inboxes n WHERE n.id = r.row_id), '')"
        case .channel: name = "r.kname"
        case .label: name = "coalesce(r.kname, 'No label')"
        case .category: name = "coalesce(r.kname, 'No category')"
        }
        // By agent, the online time joins the figures; an agent online in the period who has no conversation
        // in it gets a row too, unless a filter other than the agent narrows the conversations.
        let rows = dimension == .agent
            ? """
            \(ReportSQL.online),
            r AS (
                SELECT coalesce(agg.kid, online.agent_id) AS row_id,
                       CASE WHEN coalesce(agg.kid, online.agent_id) IS NOT NULL THEN coalesce(online.seconds, 0) END AS online_seconds,
                       agg.*
                FROM agg FULL JOIN online ON online.agent_id = agg.kid
                WHERE agg.kid IS NOT NULL OR online.agent_id IS NULL
                   OR (online.seconds > 0 AND $4::bigint IS NULL AND $5::bigint IS NULL AND $7::text IS NULL
                       AND $8::text IS NULL AND $9::text IS NULL)
            )
            """
            : "r AS (SELECT agg.kid AS row_id, NULL::float8 AS online_seconds, agg.* FROM agg)"
        let rollup = rollup(query, key: .dimension(dimension), weeks: "true")
        let sql = """
            WITH \(ReportSQL.bounds), \(ReportSQL.events(Set(ReportEvent.allCases), key: .dimension(dimension), withPrevious: false, businessHours: query.businessHours, rollup: rollup)),
            agg AS (\(ReportSQL.aggregated(by: [("e.kid", "kid"), ("e.kname", "kname")], partials: rollup != nil))),
            \(rows)
            SELECT \(name) AS key_name, r.* FROM r
            ORDER BY coalesce(r.created, 0) DESC, key_name, r.row_id
            """
        return try await reportRows(sql, ReportSQL.bindings(query)).map { row in
            let cells = row.makeRandomAccess()
            return BreakdownRow(
                id: try cells["row_id"].decode(Int64?.self), name: try cells["key_name"].decode(String.self),
                figures: try ReportSQL.figures(row), onlineSeconds: try cells["online_seconds"].decode(Double?.self)
            )
        }
    }

    public func live(accountID: Int64) async throws -> LiveFigures {
        try await run { [client, logger] in
            var live = LiveFigures()
            for try await row in try await client.query(
                """
                SELECT count(*) FILTER (WHERE status = 'open')::int,
                       count(*) FILTER (WHERE status IN ('open', 'pending') AND assignee_id IS NULL)::int,
                       count(*) FILTER (WHERE status IN ('open', 'pending') AND first_response_at IS NULL)::int,
                       count(*) FILTER (WHERE status = 'pending')::int,
                       count(*) FILTER (WHERE status = 'snoozed')::int,
                       coalesce(extract(epoch FROM now() - min(waiting_since) FILTER (WHERE status IN ('open', 'pending'))), 0)::float8
                FROM conversations WHERE account_id = \(accountID) AND status IN ('open', 'pending', 'snoozed')
                  AND coalesce(intake ->> 'state', '') <> 'running'
                """,
                logger: logger
            ).decode((Int, Int, Int, Int, Int, Double).self) {
                (live.open, live.unassigned, live.waitingForFirstResponse, live.pending, live.snoozed, live.longestWaitSeconds) = row
            }
            for try await (team, waiting, oldest) in try await client.query(
                """
                SELECT team_id, count(*)::int,
                       extract(epoch FROM now() - min(greatest(created_at, reopened_at, handed_over_at)))::float8
                FROM conversations
                WHERE account_id = \(accountID) AND assignee_id IS NULL AND status IN ('open', 'pending')
                  AND coalesce(intake ->> 'state', '') <> 'running'
                GROUP BY team_id ORDER BY team_id NULLS LAST
                """,
                logger: logger
            ).decode((Int64?, Int, Double).self) {
                live.queue.append(LiveFigures.Queue(teamID: team, waiting: waiting, oldestWaitSeconds: max(0, oldest)))
            }
            for try await (id, name, availability, load, capacity) in try await client.query(
                "SELECT id, name, availability, open_assigned, capacity FROM agents WHERE account_id = \(accountID) ORDER BY id",
                logger: logger
            ).decode((Int64, String, String, Int, Int?).self) {
                live.agents.append(
                    LiveFigures.AgentLoad(
                        id: id, name: name, availability: Availability(rawValue: availability) ?? .offline,
                        openAssigned: load, capacity: capacity
                    )
                )
            }
            return live
        }
    }

    /// The rolled-up days a report can read, if this store reads them and a grouping of them fits the report.
    func rollup(_ query: ReportQuery, key: ReportSQL.Key, hourly: Bool = false, weeks: String?) -> ReportSQL.Rollup? {
        readsReportRollup ? ReportSQL.Rollup(query, key: key, hourly: hourly, weeks: weeks) : nil
    }

    /// Runs one report statement (fixed text, bound values) and collects its rows.
    ///
    /// JIT compilation is off for it: a report is one statement over many rows that are cheap each, and
    /// compiling it cost more (a third of a second, measured) than it saved.
    func reportRows(_ sql: String, _ bindings: PostgresBindings) async throws -> [PostgresRow] {
        try await run { [client, logger] in
            try await client.withConnection { connection in
                try await connection.query("SET jit = off", logger: logger)
                var rows: [PostgresRow] = []
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger) {
                    rows.append(row)
                }
                return rows
            }
        }
    }
}
