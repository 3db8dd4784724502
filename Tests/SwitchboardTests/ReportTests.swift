import Foundation
import HTTPTypes
import PostgresNIO
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

/// Reports and export: the metrics stamped as conversations change, and the figures read from them.
///
/// The stamps are checked through the real flows (ingest, greeting, note, reply, assignment, reopen). The
/// figures are checked on a small history with known times: conversations made through the API, then
/// moved to fixed moments in the database, as a clock would have stamped them.
@Suite("Reports and export")
struct ReportTests {
    // MARK: helpers

    /// Runs statements separated by `;` at a line's end, one at a time (the driver takes one per query).
    static func execute(_ harness: Harness, _ sql: String) async throws {
        let statements = (sql + "\n").components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try await harness.store.client.withConnection { connection in
            for statement in statements where !statement.isEmpty {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabases.logger)
            }
        }
    }

    /// One conversation from a new contact; returns (conversation id, message id).
    static func open(_ org: TestAccount, inbox: Int64, sender: String, name: String? = nil) async throws -> (Int64, Int64) {
        let posted = try await org.post(inbox: inbox, externalID: "\(sender)-1", sender: sender, name: name, content: "Help")
        let conversation = Int64(try #require(posted.json["conversation_id"]?.int))
        let message = Int64(try #require(posted.json["message_id"]?.int))
        return (conversation, message)
    }

    /// An agent's public reply; returns its message id.
    static func reply(_ org: TestAccount, _ conversation: Int64, _ text: String = "We are on it") async throws -> Int64 {
        let reply = try await org.harness.request(
            .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"content": "\#(text)"}"#
        )
        #expect(reply.status == .created)
        return Int64(try #require(reply.json["id"]?.int))
    }

    static func get(_ org: TestAccount, _ path: String, token: String? = nil) async throws -> Reply {
        try await org.harness.request(.get, path, token: token ?? org.adminToken)
    }

    /// A fixed moment of the history, in UTC ("2026-03-02 09:00").
    static func at(_ text: String) -> String { "'\(text):00+00'::timestamptz" }

    // MARK: stamps

    @Test("a greeting and a note are no response; a human reply is; assignment and reopen are stamped")
    func stampsFollowTheFlows() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await AutomationTests.greetingInbox(org)
            let (conversation, _) = try await Self.open(org, inbox: inbox, sender: "olena")
            #expect(try await harness.assembly.automationScheduler().tick() == 1, "the greeting goes out")
            let note = try await harness.request(
                .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
                json: #"{"content": "Call her back", "private": true}"#
            )
            #expect(note.status == .created)
            let stamped = "SELECT count(*)::int FROM conversations WHERE id = \(conversation) AND"
            #expect(try await harness.count("\(stamped) first_human_reply_at IS NULL AND first_response_at IS NULL") == 1)
            #expect(try await harness.count("\(stamped) waiting_since IS NOT NULL") == 1, "the contact waits")

            let reply = try await Self.reply(org, conversation)
            #expect(try await harness.count("\(stamped) first_human_reply_at IS NOT NULL AND first_response_at IS NOT NULL") == 1)
            #expect(try await harness.count("\(stamped) waiting_since IS NULL") == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE id = \(reply) AND reply_seconds >= 0") == 1)
            #expect(
                try await harness.count("SELECT count(*)::int FROM messages WHERE reply_seconds IS NOT NULL") == 1,
                "the greeting, the note and the contact's message have no reply time"
            )
            let second = try await Self.reply(org, conversation, "One more thing")
            #expect(
                try await harness.count("SELECT count(*)::int FROM messages WHERE id = \(second) AND reply_seconds IS NULL") == 1,
                "a second reply answers nothing new"
            )

            #expect(try await harness.count("\(stamped) first_assigned_at IS NULL") == 1)
            let assign = try await harness.request(
                .patch, "/api/v1/conversations/\(conversation)", token: org.adminToken, json: #"{"assignee_id": \#(org.adminID)}"#
            )
            #expect(assign.status == .ok)
            #expect(try await harness.count("\(stamped) first_assigned_at IS NOT NULL") == 1)

            for status in ["resolved", "open"] {
                let change = try await harness.request(
                    .patch, "/api/v1/conversations/\(conversation)", token: org.adminToken, json: #"{"status": "\#(status)"}"#
                )
                #expect(change.status == .ok)
            }
            #expect(try await harness.count("\(stamped) reopen_count = 1 AND reopened_at IS NOT NULL") == 1)
            #expect(
                try await harness.count("\(stamped) first_response_at IS NULL AND first_human_reply_at IS NOT NULL") == 1,
                "a reopen starts a new first response; whether the start was missed stays"
            )
        }
    }

    @Test("missed_after_minutes is an account setting, 60 by default")
    func missedSetting() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            #expect(try await Self.get(org, "/api/v1/account").json["missed_after_minutes"]?.int == 60)
            let changed = try await harness.request(
                .patch, "/api/v1/account", token: org.adminToken, json: #"{"missed_after_minutes": 15}"#
            )
            #expect(changed.json["missed_after_minutes"]?.int == 15)
            let bad = try await harness.request(
                .patch, "/api/v1/account", token: org.adminToken, json: #"{"missed_after_minutes": 0}"#
            )
            #expect(bad.status == .unprocessableContent)
            #expect(bad.json["errors"]?[0]?["field"]?.string == "missed_after_minutes")
        }
    }

    // MARK: a history with known times

    /// Five conversations in the week of 2026-03-02 (UTC account), one the week before, and another
    /// account's conversation in the same week. Returns the conversations A…E.
    static func history(_ harness: Harness, _ org: TestAccount) async throws -> [Int64] {
        let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
        for path in ["Legal", "Health"] {
            let sub = path == "Legal" ? #", "subcategories": ["Housing", "Family"]"# : ""
            _ = try await harness.request(.post, "/api/v1/categories", token: org.adminToken, json: #"{"name": "\#(path)"\#(sub)}"#)
        }
        var ids: [Int64] = []
        // (sender, created, first reply min, assigned min, resolved min, category, csat)
        let plan: [(String, String, Int?, Int?, Int, String?, Int?)] = [
            ("a", "2026-03-02 09:00", 2, 1, 30, "Legal/Housing", 5),
            ("b", "2026-03-03 10:00", 10, 5, 60, "Legal/Family", 4),
            ("c", "2026-03-04 11:00", 30, 10, 120, "Health", 2),
            ("d", "2026-03-05 12:00", nil, nil, 90, nil, nil),
            ("e", "2026-03-06 08:00", 90, nil, 105, nil, nil),
        ]
        for (sender, created, firstReply, assigned, resolved, category, rating) in plan {
            let (conversation, incoming) = try await Self.open(org, inbox: inbox, sender: sender, name: "Contact \(sender)")
            ids.append(conversation)
            var sql = """
                UPDATE messages SET created_at = \(at(created)) WHERE id = \(incoming);
                UPDATE conversations SET created_at = \(at(created)), status = 'resolved',
                    resolved_at = \(at(created)) + interval '\(resolved) minutes',
                    first_assigned_at = \(assigned.map { "\(at(created)) + interval '\($0) minutes'" } ?? "NULL"),
                    category = \(category.map { "'\($0)'" } ?? "NULL"),
                    csat_rating = \(rating.map(String.init) ?? "NULL"),
                    csat_rated_at = \(rating == nil ? "NULL" : "\(at(created)) + interval '\(resolved + 10) minutes'")
                WHERE id = \(conversation);
                """
            if let firstReply {
                let reply = try await Self.reply(org, conversation)
                sql += "\n" + """
                    UPDATE messages SET created_at = \(at(created)) + interval '\(firstReply) minutes', reply_seconds = \(firstReply * 60)
                    WHERE id = \(reply);
                    UPDATE conversations SET first_human_reply_at = \(at(created)) + interval '\(firstReply) minutes',
                        first_response_at = \(at(created)) + interval '\(firstReply) minutes'
                    WHERE id = \(conversation);
                    """
            }
            if sender != "d" && sender != "e" {
                sql += "\n" + """
                    INSERT INTO automation_jobs (account_id, conversation_id, kind, status, due_at, finished_at)
                    VALUES (\(org.id), \(conversation), 'csat', 'done', now(), \(at(created)) + interval '\(resolved) minutes');
                    """
            }
            try await execute(harness, sql)
        }
        // D was resolved without any reply, after a greeting (an automated message), and had a survey.
        try await execute(
            harness,
            """
            INSERT INTO messages (account_id, conversation_id, inbox_id, direction, sender_type, content, created_at)
            VALUES (\(org.id), \(ids[3]), \(inbox), 'out', 'automation', 'Hello, we are here', \(at("2026-03-05 12:00")));
            INSERT INTO automation_jobs (account_id, conversation_id, kind, status, due_at, finished_at)
            VALUES (\(org.id), \(ids[3]), 'csat', 'done', now(), \(at("2026-03-05 13:30")));
            UPDATE conversations SET labels = '{urgent}' WHERE id = \(ids[0]);
            """
        )
        // E: answered late (missed), resolved, reopened at 12:00, answered again at 12:20, resolved at 13:00.
        let late = try await Self.reply(org, ids[4], "Back again")
        try await execute(
            harness,
            """
            UPDATE messages SET created_at = \(at("2026-03-06 12:20")), reply_seconds = 1200 WHERE id = \(late);
            UPDATE conversations SET reopened_at = \(at("2026-03-06 12:00")), reopen_count = 1,
                first_response_at = \(at("2026-03-06 12:20")), resolved_at = \(at("2026-03-06 13:00"))
            WHERE id = \(ids[4]);
            """
        )
        // The week before: one conversation, for `previous`.
        let (before, beforeMessage) = try await Self.open(org, inbox: inbox, sender: "f")
        try await execute(
            harness,
            """
            UPDATE conversations SET created_at = \(at("2026-02-25 10:00")) WHERE id = \(before);
            UPDATE messages SET created_at = \(at("2026-02-25 10:00")) WHERE id = \(beforeMessage);
            """
        )
        // Another organization, the same week: never counted.
        let other = try await harness.account("Other")
        let otherInbox = Int64(try #require(try await other.apiInbox()["id"]?.int))
        for n in 0..<3 {
            let (conversation, message) = try await Self.open(other, inbox: otherInbox, sender: "x\(n)", name: "Stranger")
            _ = try await Self.reply(other, conversation)
            try await execute(
                harness,
                """
                UPDATE conversations SET created_at = \(at("2026-03-03 10:00")), status = 'resolved', resolved_at = \(at("2026-03-03 11:00")),
                    csat_rating = 1, csat_rated_at = \(at("2026-03-03 11:00")), category = 'Legal/Housing' WHERE id = \(conversation);
                UPDATE messages SET created_at = \(at("2026-03-03 10:00")) WHERE conversation_id = \(conversation);
                """
            )
            _ = message
        }
        // The figures below are read from the rolled-up days, as a running server reads a finished week
        // (ReportRollupTests checks the rollup against the events themselves).
        #expect(try await harness.store.refreshReportRollup(limit: 400) > 7)
        return ids
    }

    static let week = "from=2026-03-02&to=2026-03-08"

    static let exportHeader = [
        "id", "created_at", "resolved_at", "status", "inbox", "channel", "contact", "category", "subcategory", "labels",
        "priority", "team", "assignee", "messages_in", "messages_out", "first_response_seconds", "resolution_seconds",
        "wait_for_assignment_seconds", "missed", "csat_rating", "csat_comment",
    ]

    @Test("summary: counts, missed, each timer's median and p90, CSAT and the previous week")
    func summary() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            _ = try await Self.history(harness, org)
            let reply = try await Self.get(org, "/api/v1/reports/summary?\(Self.week)")
            #expect(reply.status == .ok)
            let s = reply.json
            #expect(s["conversations_created"]?.int == 5)
            #expect(s["conversations_resolved"]?.int == 5)
            #expect(s["conversations_reopened"]?.int == 1)
            #expect(s["missed"]?.int == 2, "D (no reply at all, greeting or not) and E (answered after 90 minutes)")
            #expect(s["messages_incoming"]?.int == 5)
            #expect(s["messages_outgoing"]?.int == 6, "four first replies, E's second, D's greeting")

            let first = try #require(s["first_response_seconds"])
            #expect(first["count"]?.int == 4, "A, B, C and E's cycle after its reopen")
            #expect(first["median"]?.double == 900)
            #expect(first["p90"]?.double == 1620)
            #expect(first["mean"]?.double == 930)
            let resolution = try #require(s["resolution_seconds"])
            #expect(resolution["count"]?.int == 5)
            #expect(resolution["median"]?.double == 3600)
            #expect(resolution["p90"]?.double == 6480)
            let wait = try #require(s["wait_for_assignment_seconds"])
            #expect(wait["count"]?.int == 3)
            #expect(wait["median"]?.double == 300)
            #expect(wait["p90"]?.double == 540)
            let replies = try #require(s["reply_seconds"])
            #expect(replies["count"]?.int == 5)
            #expect(replies["median"]?.double == 1200)
            #expect(replies["p90"]?.double == 3960)

            let csat = try #require(s["csat"])
            #expect(csat["responses"]?.int == 3)
            #expect(csat["surveys_sent"]?.int == 4)
            #expect(csat["response_rate"]?.double == 0.75)
            #expect(csat["satisfaction"]?.double == 0.6667)
            #expect(csat["average"]?.double == 3.667)
            #expect(csat["distribution"]?["5"]?.int == 1)
            #expect(csat["distribution"]?["2"]?.int == 1)
            #expect(csat["distribution"]?["1"]?.int == 0, "the other account's ratings are not here")

            #expect(s["previous"]?["conversations_created"]?.int == 1)
            #expect(s["previous"]?["messages_incoming"]?.int == 1)

            let legal = try await Self.get(org, "/api/v1/reports/summary?\(Self.week)&category=legal")
            #expect(legal.json["conversations_created"]?.int == 2, "a category counts its sub-categories")
            let housing = try await Self.get(org, "/api/v1/reports/summary?\(Self.week)&category=Legal/Housing&label=urgent")
            #expect(housing.json["conversations_created"]?.int == 1)
            let email = try await Self.get(org, "/api/v1/reports/summary?\(Self.week)&channel=email")
            #expect(email.json["conversations_created"]?.int == 0)
        }
    }

    @Test("timeseries by day, breakdown by category and agent, CSV forms")
    func timeseriesAndBreakdown() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            _ = try await Self.history(harness, org)
            let created = try await Self.get(org, "/api/v1/reports/timeseries?\(Self.week)&metric=conversations_created&group_by=day")
            #expect(created.status == .ok)
            let items = created.json["items"]?.array ?? []
            #expect(items.count == 7)
            #expect(items.first?["start"]?.string == "2026-03-02T00:00:00.000Z")
            #expect(items.compactMap { $0["value"]?.int } == [1, 1, 1, 1, 1, 0, 0])
            let medians = try await Self.get(org, "/api/v1/reports/timeseries?\(Self.week)&metric=first_response_seconds")
            #expect(medians.json["items"]?[0]?["value"]?.double == 120)
            #expect(medians.json["items"]?[3]?["value"] == .null, "no first response that day")

            let breakdown = try await Self.get(org, "/api/v1/reports/breakdown?\(Self.week)&by=category")
            #expect(breakdown.status == .ok)
            let rows = breakdown.json["items"]?.array ?? []
            let names = Set(rows.compactMap { $0["key"]?["name"]?.string })
            #expect(names == ["Legal/Housing", "Legal/Family", "Health", "No category"])
            let none = rows.first { $0["key"]?["name"]?.string == "No category" }
            #expect(none?["conversations_created"]?.int == 2)
            #expect(none?["missed"]?.int == 2)
            #expect(none?["key"]?["id"] == nil, "categories have no id")
            let housing = rows.first { $0["key"]?["name"]?.string == "Legal/Housing" }
            #expect(housing?["first_response_seconds"]?["median"]?.double == 120)

            let agents = try await Self.get(org, "/api/v1/reports/breakdown?\(Self.week)&by=agent")
            #expect(agents.json["items"]?[0]?["key"]?["name"]?.string == "Unassigned")
            #expect(agents.json["items"]?[0]?["key"]?["id"] == .null)

            let csv = try await Self.get(org, "/api/v1/reports/summary?\(Self.week)&format=csv")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let table = try #require(CSVReader.parse(csv.text))
            #expect(table[0] == ["figure", "value", "previous"])
            #expect(table.contains(["conversations_created", "5", "1"]))
            #expect(table.contains(["first_response_seconds.p90", "1620", ""]))
        }
    }

    @Test("the heatmap puts a 23:30 conversation in Tokyo at Monday 23:00, by the account's days")
    func heatmapInTokyo() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            _ = try await harness.request(.patch, "/api/v1/account", token: org.adminToken, json: #"{"time_zone": "Asia/Tokyo"}"#)
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let (late, _) = try await Self.open(org, inbox: inbox, sender: "late")
            let (next, _) = try await Self.open(org, inbox: inbox, sender: "next")
            // 2026-03-02 (Monday) 23:30 and 2026-03-03 00:30 in Tokyo.
            try await Self.execute(
                harness,
                """
                UPDATE conversations SET created_at = \(Self.at("2026-03-02 14:30")) WHERE id = \(late);
                UPDATE conversations SET created_at = \(Self.at("2026-03-02 15:30")) WHERE id = \(next);
                """
            )
            let monday = try await Self.get(org, "/api/v1/reports/heatmap?from=2026-03-02&to=2026-03-02")
            let cells = monday.json["items"]?.array ?? []
            #expect(cells.count == 168)
            let busy = cells.filter { ($0["conversations"]?.int ?? 0) > 0 }
            #expect(busy.count == 1, "the 00:30 one is Tuesday's")
            #expect(busy.first?["weekday"]?.string == "mon")
            #expect(busy.first?["hour"]?.int == 23)
            let days = try await Self.get(
                org, "/api/v1/reports/timeseries?from=2026-03-02&to=2026-03-03&metric=conversations_created&group_by=day"
            )
            #expect(days.json["items"]?[0]?["start"]?.string == "2026-03-01T15:00:00.000Z", "midnight in Tokyo")
            #expect(days.json["items"]?.array.compactMap { $0["value"]?.int } == [1, 1])
        }
    }

    @Test("the export is CSV a spreadsheet opens: BOM, header, Cyrillic, a comma and a line break inside a field")
    func export() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let (conversation, _) = try await Self.open(org, inbox: inbox, sender: "olena", name: "Олена Коваль")
            _ = try await Self.open(org, inbox: inbox, sender: "anon")
            try await Self.execute(
                harness,
                """
                UPDATE conversations SET csat_rating = 5, csat_comment = E'Дякую, усе добре\nthanks', csat_rated_at = now(),
                    category = 'Legal/Housing', labels = '{a,b}'
                WHERE id = \(conversation);
                """
            )
            let day = { (offset: Double) in String(ISO8601DateFormatter().string(from: Date().addingTimeInterval(offset * 86_400)).prefix(10)) }
            let period = "from=\(day(-1))&to=\(day(1))"
            let reply = try await Self.get(org, "/api/v1/exports/conversations?\(period)&format=csv")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "text/csv; charset=utf-8")
            let bytes = Array(reply.body.readableBytesView)
            #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF], "UTF-8 byte order mark")
            let table = try #require(CSVReader.parse(reply.text))
            #expect(table[0] == Self.exportHeader)
            #expect(table.count == 3)
            let row = try #require(table.first { $0[0] == String(conversation) })
            let column = { (name: String) in row[Self.exportHeader.firstIndex(of: name)!] }
            #expect(column("contact") == "Олена Коваль")
            #expect(column("csat_comment") == "Дякую, усе добре\nthanks")
            #expect(column("category") == "Legal")
            #expect(column("subcategory") == "Housing")
            #expect(column("labels") == "a, b")
            #expect(column("messages_in") == "1")
            #expect(column("missed") == "no", "not yet: it is only minutes old")
            #expect(column("wait_for_assignment_seconds") == "", "never assigned")
            #expect(column("first_response_seconds") == "")
            let anonymous = try #require(table.last)
            #expect(anonymous[6].hasPrefix("Anonymous #"))
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'export.created'") == 1)

            // More than two pages of 500, written while they are read.
            try await Self.execute(
                harness,
                """
                INSERT INTO conversations (account_id, inbox_id, contact_id, status, resolved_at)
                SELECT \(org.id), \(inbox), contact_id, 'resolved', now() FROM conversations, generate_series(1, 1200)
                WHERE id = \(conversation)
                """
            )
            let big = try await Self.get(org, "/api/v1/exports/conversations?\(period)")
            let rows = try #require(CSVReader.parse(big.text))
            #expect(rows.count == 1 + 1202)
            #expect(Set(rows.dropFirst().map { $0[0] }).count == 1202, "each conversation once")

            // The workbook of the same rows, read back by a real reader; the name now has what XML must escape
            // and control characters XML 1.0 forbids.
            try await Self.execute(
                harness,
                """
                UPDATE contacts SET name = E'Олена <Коваль> & "Co" \\'x\\'\\x01\\x0b'
                WHERE id = (SELECT contact_id FROM conversations WHERE id = \(conversation))
                """
            )
            // The workbook of the same rows, read back by a real reader.
            let workbook = try await Self.get(org, "/api/v1/exports/conversations?\(period)&format=xlsx")
            #expect(workbook.status == .ok)
            #expect(workbook.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(workbook.headers[.contentDisposition]?.hasSuffix(".xlsx\"") == true)
            let sheet = try Workbook.read(Array(workbook.body.readableBytesView))
            #expect(sheet.count == 1 + 1202)
            #expect(sheet[0].map(\.text) == Self.exportHeader)
            let typed = try #require(sheet.first { $0[0].text == String(conversation) })
            let cell = { (name: String) in typed[Self.exportHeader.firstIndex(of: name)!] }
            #expect(cell("id").kind == "int")
            #expect(cell("created_at").kind == "datetime", "a date, not text")
            #expect(cell("messages_in").kind == "int" && cell("messages_in").text == "1")
            #expect(cell("contact").kind == "str")
            #expect(cell("contact").text == "Олена <Коваль> & \"Co\" 'x'", "escaped, the control characters left out")
            #expect(cell("csat_comment").text == "Дякую, усе добре\nthanks")
            #expect(cell("csat_rating").kind == "int" && cell("csat_rating").text == "5")
            #expect(cell("resolved_at").kind == "NoneType", "an empty cell")
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'export.created'") == 3)

            // A report as a workbook too.
            let summary = try await Self.get(org, "/api/v1/reports/summary?\(period)&format=xlsx")
            #expect(summary.status == .ok)
            let figures = try Workbook.read(Array(summary.body.readableBytesView))
            #expect(figures[0].map(\.text) == ["figure", "value", "previous"])
            #expect(figures.first { $0[0].text == "conversations_created" }?[1].text == "1202")
        }
    }

    @Test("business hours: a Friday 17:30 message answered Monday 09:30 is one business hour")
    func businessHours() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let (conversation, incoming) = try await Self.open(org, inbox: inbox, sender: "late", name: "Late")
            let reply = try await Self.reply(org, conversation)
            let weekdays = ["mon", "tue", "wed", "thu", "fri"].map { "\"\($0)\": [[\"09:00\", \"18:00\"]]" }.joined(separator: ", ")
            // 2026-03-06 is a Friday; 2026-03-09 the Monday after. Assigned Saturday, resolved Monday 10:00.
            try await Self.execute(
                harness,
                """
                UPDATE inboxes SET office_hours = '{"time_zone": "UTC", "weekly": {\(weekdays)}, "holidays": []}'::jsonb
                WHERE id = \(inbox);
                UPDATE messages SET created_at = \(Self.at("2026-03-06 17:30")) WHERE id = \(incoming);
                UPDATE messages SET created_at = \(Self.at("2026-03-09 09:30")), reply_seconds = 230400 WHERE id = \(reply);
                UPDATE conversations SET created_at = \(Self.at("2026-03-06 17:30")), status = 'resolved',
                    first_human_reply_at = \(Self.at("2026-03-09 09:30")), first_response_at = \(Self.at("2026-03-09 09:30")),
                    first_assigned_at = \(Self.at("2026-03-07 12:00")), resolved_at = \(Self.at("2026-03-09 10:00"))
                WHERE id = \(conversation);
                """
            )
            let period = "from=2026-03-02&to=2026-03-15"
            let wall = try await Self.get(org, "/api/v1/reports/summary?\(period)")
            #expect(wall.json["first_response_seconds"]?["median"]?.double == 230_400)
            let business = try await Self.get(org, "/api/v1/reports/summary?\(period)&business_hours=true")
            #expect(business.status == .ok)
            #expect(business.json["first_response_seconds"]?["median"]?.double == 3600, "17:30–18:00 Friday, 09:00–09:30 Monday")
            #expect(business.json["reply_seconds"]?["median"]?.double == 3600)
            #expect(business.json["wait_for_assignment_seconds"]?["median"]?.double == 1800, "the weekend does not count")
            #expect(business.json["resolution_seconds"]?["median"]?.double == 5400)
            let breakdown = try await Self.get(org, "/api/v1/reports/breakdown?\(period)&by=inbox&business_hours=true")
            #expect(breakdown.json["items"]?[0]?["first_response_seconds"]?["median"]?.double == 3600)
            let series = try await Self.get(
                org, "/api/v1/reports/timeseries?\(period)&metric=first_response_seconds&group_by=week&business_hours=true"
            )
            #expect(series.json["items"]?.array.compactMap { $0["value"]?.double } == [3600])
            let export = try await Self.get(org, "/api/v1/exports/conversations?\(period)&business_hours=true")
            let table = try #require(CSVReader.parse(export.text))
            #expect(table[1][Self.exportHeader.firstIndex(of: "first_response_seconds")!] == "3600")

            // Holidays count nothing; an inbox without office hours counts the whole day.
            try await Self.execute(
                harness,
                """
                UPDATE inboxes SET office_hours = '{"time_zone": "UTC", "weekly": {\(weekdays)}, "holidays": ["2026-03-06"]}'::jsonb
                WHERE id = \(inbox)
                """
            )
            let holiday = try await Self.get(org, "/api/v1/reports/summary?\(period)&business_hours=true")
            #expect(holiday.json["first_response_seconds"]?["median"]?.double == 1800)
            try await Self.execute(harness, "UPDATE inboxes SET office_hours = NULL WHERE id = \(inbox)")
            let allDay = try await Self.get(org, "/api/v1/reports/summary?\(period)&business_hours=true")
            #expect(allDay.json["first_response_seconds"]?["median"]?.double == 230_400)
        }
    }

    @Test("agents get 403; bad parameters are 422 naming the parameter; live figures")
    func accessAndParameters() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await org.agent(role: "agent")
            let supervisor = try await org.agent(role: "supervisor", name: "Sofia")
            for path in [
                "reports/summary?\(Self.week)", "reports/timeseries?\(Self.week)&metric=missed", "reports/heatmap?\(Self.week)",
                "reports/breakdown?\(Self.week)&by=team", "reports/live", "exports/conversations?\(Self.week)",
            ] {
                #expect(try await Self.get(org, "/api/v1/\(path)", token: agent.token).status == .forbidden, "\(path)")
                #expect(try await Self.get(org, "/api/v1/\(path)", token: supervisor.token).status == .ok, "\(path)")
            }
            let bad: [(String, String)] = [
                ("reports/summary?from=2026-02-30&to=2026-03-01", "from"),
                ("reports/summary?from=2026-03-02", "to"),
                ("reports/summary?from=2026-03-08&to=2026-03-02", "to"),
                ("reports/summary?\(Self.week)&inbox_id=x", "inbox_id"),
                ("reports/summary?\(Self.week)&channel=fax", "channel"),
                ("reports/summary?\(Self.week)&format=pdf", "format"),
                ("reports/summary?\(Self.week)&business_hours=yes", "business_hours"),
                ("reports/live?format=xlsx", "format"),
                ("reports/timeseries?\(Self.week)&metric=happiness", "metric"),
                ("reports/timeseries?from=2026-01-01&to=2026-03-01&metric=missed&group_by=hour", "group_by"),
                ("reports/breakdown?\(Self.week)", "by"),
                ("reports/breakdown?\(Self.week)&by=weather", "by"),
            ]
            for (path, field) in bad {
                let reply = try await Self.get(org, "/api/v1/\(path)")
                #expect(reply.status == .unprocessableContent, "\(path)")
                #expect(reply.json["errors"]?[0]?["field"]?.string == field, "\(path)")
            }

            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            _ = try await Self.open(org, inbox: inbox, sender: "waiting")
            let live = try await Self.get(org, "/api/v1/reports/live")
            #expect(live.json["open"]?.int == 1)
            #expect(live.json["unassigned"]?.int == 1)
            #expect(live.json["waiting_for_first_response"]?.int == 1)
            #expect((live.json["longest_wait_seconds"]?.double ?? -1) >= 0)
            #expect(live.json["queue"]?[0]?["waiting"]?.int == 1)
            #expect(live.json["agents"]?.array.count == 3)
        }
    }
}

/// A strict RFC 4180 reader for the tests (after an optional byte order mark): quoted fields may hold
/// commas, quotes and line breaks; records end with CRLF.
enum CSVReader {
    static func parse(_ text: String) -> [[String]]? {
        var scalars = Substring(text)
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let character = scalars[index]
            index = scalars.index(after: index)
            if quoted {
                if character == "\"" {
                    if index < scalars.endIndex, scalars[index] == "\"" {
                        field.append("\"")
                        index = scalars.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                record.append(field)
                field = ""
            } else if character == "\r\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else if character == "\n" || character == "\r" || character == "\"" {
                return nil
            } else {
                field.append(character)
            }
        }
        guard !quoted, record.isEmpty, field.isEmpty else { return nil }
        return records
    }
}

/// Reads a workbook back as a spreadsheet program would: with openpyxl (the test command installs it in
/// its virtualenv and names that Python in `SWITCHBOARD_TEST_PYTHON`). Each cell is (Python type name,
/// text): `int`, `float`, `str`, `datetime`, or `NoneType` for an empty cell. Every zip entry's CRC-32 is
/// checked first.
enum Workbook {
    struct Cell {
        var kind: String
        var text: String?
    }

    static let script = """
        import datetime, json, sys, zipfile, openpyxl
        assert zipfile.ZipFile(sys.argv[1]).testzip() is None, "a zip entry's CRC-32 is wrong"
        ws = openpyxl.load_workbook(sys.argv[1]).active
        def cell(v):
            if v is None: return [type(v).__name__, None]
            if isinstance(v, datetime.datetime): return ["datetime", v.isoformat()]
            return [type(v).__name__, str(v)]
        print(json.dumps([[cell(v) for v in row] for row in ws.iter_rows(values_only=True)]))
        """

    static func interpreter() -> String? {
        let candidates = [ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_PYTHON"], ".data/venv/bin/python"].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func read(_ bytes: [UInt8]) throws -> [[Cell]] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-\(UUID().uuidString).xlsx")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let python = try #require(interpreter(), "a Python with openpyxl (SWITCHBOARD_TEST_PYTHON)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSetupError("openpyxl could not read the workbook: \(String(decoding: problem, as: UTF8.self))")
        }
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[[Any]]])
        return rows.map { row in row.map { Cell(kind: $0[0] as? String ?? "", text: $0[1] as? String) } }
    }
}
