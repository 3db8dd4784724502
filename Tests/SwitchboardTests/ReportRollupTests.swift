import Foundation
import HTTPTypes
import PostgresNIO
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

/// The report rollup (sql/0210): rolled-up days must answer exactly what the events answer, before and after
/// changes reach back into them (a reassignment, a category set later, a reopen, a merge, an erasure, another
/// time zone). Three weeks of a help line are written by `benchmarks/generate`, the data of the benchmarks in
/// small; every report is asked of a store that reads the rollup and of one that reads only events.
@Suite("Report rollup")
struct ReportRollupTests {
    @Test("rolled-up days answer what the events answer, and follow every change that reaches back into them")
    func rollupMatchesEvents() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            try Self.generate(harness, org, conversations: 1_200, days: 21)
            // The admin signed in online; offline now, their online time stops growing between two reports.
            let offline = try await harness.request(
                .patch, "/api/v1/agents/\(org.adminID)", token: org.adminToken, json: #"{"availability": "offline"}"#
            )
            #expect(offline.status == .ok)
            var events = harness.store
            events.readsReportRollup = false
            let reports = Comparison(account: org.id, rolled: harness.store, events: events)

            try await reports.expectSame("nothing rolled up yet")
            let built = try await harness.store.refreshReportRollup(limit: 100)
            #expect(built >= 19, "every finished day is rolled up (\(built))")
            #expect(try await harness.store.refreshReportRollup(limit: 100) == 0, "and only once")
            try await reports.expectSame("rolled up")

            // The rollup is what is read: rows changed behind the triggers' back show — a week's in a breakdown,
            // a day's in a series by day.
            #expect(try await harness.count("SELECT count(*)::int FROM report_weeks WHERE account_id = \(org.id)") >= 2)
            try await ReportTests.execute(
                harness,
                """
                UPDATE report_rollup_weeks SET n = n + 1000 WHERE account_id = \(org.id) AND dim = 'inbox' AND kind = 'created';
                UPDATE report_rollup SET n = n + 1000 WHERE account_id = \(org.id) AND dim = 'all' AND kind = 'created'
                """
            )
            func created(_ rows: [BreakdownRow]) -> Int { rows.reduce(0) { $0 + $1.figures.conversationsCreated } }
            #expect(
                try await created(reports.rolled.breakdown(reports.query(), by: .inbox))
                    >= created(reports.events.breakdown(reports.query(), by: .inbox)) + 2000
            )
            func total(_ points: [TimeseriesPoint]) -> Double { points.reduce(0) { $0 + ($1.value ?? 0) } }
            #expect(
                try await total(reports.rolled.timeseries(reports.query(), metric: .conversationsCreated, bucket: .day))
                    >= total(reports.events.timeseries(reports.query(), metric: .conversationsCreated, bucket: .day)) + 19_000
            )
            try await ReportTests.execute(harness, "DELETE FROM report_days WHERE account_id = \(org.id)")
            #expect(try await harness.store.refreshReportRollup(limit: 100) == built)
            try await reports.expectSame("rebuilt")

            // Changes through the API to conversations of days already rolled up.
            let old = "SELECT id::int FROM conversations WHERE account_id = \(org.id) AND created_at < now() - interval '5 days'"
            let reassigned = try await harness.count("\(old) AND assignee_id IS NOT NULL ORDER BY id LIMIT 1")
            let other = try await harness.count(
                "SELECT id::int FROM agents WHERE account_id = \(org.id) AND role = 'agent' AND id <> (SELECT assignee_id FROM conversations WHERE id = \(reassigned)) ORDER BY id LIMIT 1"
            )
            try await Self.patch(org, reassigned, #"{"assignee_id": \#(other)}"#)
            let categorized = try await harness.count("\(old) AND category IS NULL ORDER BY id LIMIT 1")
            _ = try await harness.request(.post, "/api/v1/categories", token: org.adminToken, json: #"{"name": "Rollup check"}"#)
            try await Self.patch(org, categorized, #"{"category": "Rollup check"}"#)
            let reopened = try await harness.count("\(old) AND status = 'resolved' ORDER BY id DESC LIMIT 1")
            try await Self.patch(org, reopened, #"{"status": "open"}"#)
            let labelled = try await harness.count("\(old) AND labels = '{}' ORDER BY id LIMIT 1")
            try await Self.patch(org, labelled, #"{"labels": ["urgent"]}"#)
            // Corrections made in the database itself: an old reply made a note, an old survey removed.
            try await ReportTests.execute(
                harness,
                """
                UPDATE messages SET private = true WHERE id = (
                    SELECT min(id) FROM messages WHERE account_id = \(org.id) AND direction = 'out' AND created_at < now() - interval '5 days');
                DELETE FROM automation_jobs WHERE id = (
                    SELECT min(id) FROM automation_jobs WHERE account_id = \(org.id) AND kind = 'csat' AND status = 'done')
                """
            )
            let stale = try await harness.count("SELECT count(*)::int FROM report_stale WHERE account_id = \(org.id)")
            #expect(stale > 0, "the changes marked their days")
            try await reports.expectSame("changed, not rebuilt yet")
            _ = try await harness.store.refreshReportRollup(limit: 100)
            #expect(try await harness.count("SELECT count(*)::int FROM report_stale") == 0)
            try await reports.expectSame("changed and rebuilt")

            // A merge of two contacts and an erasure of one.
            let contacts = "SELECT contact_id::int FROM conversations WHERE account_id = \(org.id) AND created_at < now() - interval '5 days'"
            let kept = try await harness.count("\(contacts) ORDER BY id LIMIT 1")
            let merged = try await harness.count("\(contacts) AND contact_id <> \(kept) ORDER BY id LIMIT 1")
            let merge = try await harness.request(
                .post, "/api/v1/contacts/\(kept)/merge", token: org.adminToken, json: #"{"other_id": \#(merged)}"#
            )
            #expect(merge.status == .ok, "\(merge.text)")
            let erased = try await harness.count("\(contacts) AND contact_id NOT IN (\(kept), \(merged)) ORDER BY id DESC LIMIT 1")
            let erasure = try await harness.request(
                .post, "/api/v1/contacts/\(erased)/erase", token: org.adminToken, json: #"{"confirm": true}"#
            )
            #expect(erasure.status == .ok, "\(erasure.text)")
            try await reports.expectSame("merged and erased")
            _ = try await harness.store.refreshReportRollup(limit: 100)
            try await reports.expectSame("merged, erased and rebuilt")

            // Other office hours for an inbox: business hours are counted by the new ones, on every day.
            let inbox = try await harness.count(
                "SELECT min(id)::int FROM inboxes WHERE account_id = \(org.id) AND office_hours IS NOT NULL"
            )
            let hours = try await harness.request(
                .patch, "/api/v1/inboxes/\(inbox)", token: org.adminToken,
                json: #"{"automations": {"office_hours": {"time_zone": "Europe/Kyiv", "weekly": {"mon": [["10:00", "16:00"]], "tue": [["10:00", "16:00"]]}}}}"#
            )
            #expect(hours.status == .ok, "\(hours.text)")
            try await reports.expectSame("other office hours, not rebuilt yet")
            _ = try await harness.store.refreshReportRollup(limit: 100)
            try await reports.expectSame("other office hours, rebuilt")

            // Days end elsewhere in another zone: nothing built for the old one is read, and all is built again.
            let zone = try await harness.request(.patch, "/api/v1/account", token: org.adminToken, json: #"{"time_zone": "Asia/Tokyo"}"#)
            #expect(zone.status == .ok)
            try await reports.expectSame("another zone, not rebuilt yet")
            #expect(try await harness.store.refreshReportRollup(limit: 100) >= 19)
            #expect(try await harness.count("SELECT count(*)::int FROM report_days WHERE time_zone <> 'Asia/Tokyo'") == 0)
            try await reports.expectSame("another zone, rebuilt")
        }
    }

    /// Every report the rollup can answer, asked of both stores.
    struct Comparison {
        let account: Int64
        let rolled: PostgresStore
        let events: PostgresStore

        func query(_ filters: ReportFilters = ReportFilters(), days: Int = 21, businessHours: Bool = false) throws -> ReportQuery {
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd"
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.locale = Locale(identifier: "en_US_POSIX")
            func day(_ offset: Int) -> LocalDate {
                LocalDate(formatter.string(from: Date().addingTimeInterval(Double(offset) * 86_400)))!
            }
            return ReportQuery(
                accountID: account, period: try ReportPeriod(from: day(-days), to: day(0)), filters: filters,
                businessHours: businessHours
            )
        }

        func expectSame(_ moment: Comment, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let inbox = try await firstID("inboxes")
            let team = try await firstID("teams")
            let agent = try await firstID("agents WHERE role = 'agent'")
            let queries = [
                try query(), try query(days: 7), try query(ReportFilters(inboxID: inbox)), try query(ReportFilters(teamID: team)),
                try query(ReportFilters(agentID: agent)), try query(ReportFilters(channel: .telegram)),
                try query(ReportFilters(category: "legal")), try query(ReportFilters(label: "urgent")),
                try query(businessHours: true), try query(ReportFilters(inboxID: inbox), businessHours: true),
            ]
            for query in queries {
                let (a, b) = (try await rolled.summary(query), try await events.summary(query))
                #expect(Self.aligned(a.current, to: b.current) == b.current, moment, sourceLocation: sourceLocation)
                #expect(Self.aligned(a.previous, to: b.previous) == b.previous, moment, sourceLocation: sourceLocation)
                #expect(try await rolled.heatmap(query) == events.heatmap(query), moment, sourceLocation: sourceLocation)
            }
            for metric in [ReportMetric.conversationsCreated, .missed, .firstResponseSeconds, .replySeconds] {
                for bucket in [TimeBucket.day, .week, .month] {
                    let a = try await rolled.timeseries(try query(), metric: metric, bucket: bucket)
                    let b = try await events.timeseries(try query(), metric: metric, bucket: bucket)
                    #expect(a == b, "\(metric) by \(bucket): \(moment)", sourceLocation: sourceLocation)
                }
            }
            for dimension in BreakdownDimension.allCases {
                for query in [try query(), try query(businessHours: true)] {
                    let a = try await rolled.breakdown(query, by: dimension)
                    let b = try await events.breakdown(query, by: dimension)
                    #expect(Self.aligned(a, to: b) == b, "by \(dimension): \(moment)", sourceLocation: sourceLocation)
                }
            }
        }

        func firstID(_ table: String) async throws -> Int64 {
            let filter = table.contains("WHERE") ? " AND" : " WHERE"
            for try await id in try await rolled.client.query(
                PostgresQuery(unsafeSQL: "SELECT min(id) FROM \(table)\(filter) account_id = \(account)"), logger: TestDatabases.logger
            ).decode(Int64.self) {
                return id
            }
            throw TestSetupError("no row in \(table)")
        }

        /// Means are sums divided by counts: added up per day first, they may differ in the last digits. `figures`
        /// with each mean that is within 1e-9 of `other`'s replaced by it.
        static func aligned(_ figures: ReportFigures, to other: ReportFigures) -> ReportFigures {
            func close(_ a: Double?, _ b: Double?) -> Double? {
                guard let a, let b, abs(a - b) <= 1e-9 * max(1, abs(b)) else { return a }
                return b
            }
            var copy = figures
            for path in [\ReportFigures.firstResponse, \.reply, \.resolution, \.waitForAssignment] {
                copy[keyPath: path].mean = close(figures[keyPath: path].mean, other[keyPath: path].mean)
            }
            copy.csat.average = close(figures.csat.average, other.csat.average)
            return copy
        }

        static func aligned(_ rows: [BreakdownRow], to others: [BreakdownRow]) -> [BreakdownRow] {
            guard rows.count == others.count else { return rows }
            return zip(rows, others).map { row, other in
                var copy = row
                copy.figures = aligned(row.figures, to: other.figures)
                return copy
            }
        }
    }

    static func patch(_ org: TestAccount, _ conversation: Int, _ json: String) async throws {
        let reply = try await org.harness.request(.patch, "/api/v1/conversations/\(conversation)", token: org.adminToken, json: json)
        #expect(reply.status == .ok, "\(json): \(reply.text)")
    }

    /// `benchmarks/generate` into the harness's database, for `org`.
    static func generate(_ harness: Harness, _ org: TestAccount, conversations: Int, days: Int) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("benchmarks/generate").path]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = harness.databaseURL
        environment["GEN_ACCOUNT"] = String(org.id)
        environment["GEN_CONVERSATIONS"] = String(conversations)
        environment["GEN_DAYS"] = String(days)
        environment["GEN_AGENTS"] = "9"
        environment["GEN_INBOXES"] = "4"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestSetupError("benchmarks/generate failed") }
    }
}
