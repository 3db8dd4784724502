import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

/// Reports count a hotline's calls: missed, answered, outgoing, and how many missed callers were called back.
@Suite("Reports: missed calls and call-backs")
struct CallReportTests {
    /// A week of a hotline (2026-03-02 … 03-08, UTC) and one missed call the week before.
    static func week(_ org: TestAccount, _ inbox: Int64) async throws {
        func call(_ id: String, _ event: String, _ at: String, direction: String = "in", number: String) async throws {
            let (from, to) = direction == "in" ? (number, "+380441234567") : ("101", number)
            let reply = try await PhoneCallTests.call(
                org, inbox, id, event, direction: direction, from: from, to: to, extra: #", "at": "\#(at)Z""#
            )
            guard reply.status == .ok else { throw TestSetupError("\(id) \(event): \(reply.text)") }
        }
        // A misses a call on Monday; an operator calls back half an hour later (nobody picks up: still a call-back).
        try await call("c-1", "ringing", "2026-03-02T09:00:00", number: "+380670000001")
        try await call("c-1", "hangup", "2026-03-02T09:00:30", number: "+380670000001")
        try await call("o-1", "hangup", "2026-03-02T09:30:00", direction: "out", number: "+380670000001")
        // B was called on Tuesday morning, then missed a call of their own at ten: nobody called back after it.
        try await call("o-2", "answered", "2026-03-03T09:00:00", direction: "out", number: "+380670000002")
        try await call("o-2", "hangup", "2026-03-03T09:01:00", direction: "out", number: "+380670000002")
        try await call("c-2", "hangup", "2026-03-03T10:00:00", number: "+380670000002")
        // C misses a call on Wednesday and gets an agent's reply in their conversation (below).
        try await call("c-3", "hangup", "2026-03-04T11:00:00", number: "+380670000003")
        // D is answered on Thursday; E's answer arrives after the hang-up: answered, not missed.
        try await call("c-4", "ringing", "2026-03-05T12:00:00", number: "+380670000004")
        try await call("c-4", "answered", "2026-03-05T12:00:05", number: "+380670000004")
        try await call("c-4", "hangup", "2026-03-05T12:03:05", number: "+380670000004")
        try await call("c-5", "hangup", "2026-03-06T08:02:00", number: "+380670000005")
        try await call("c-5", "answered", "2026-03-06T08:00:10", number: "+380670000005")
        // The week before: one missed call.
        try await call("c-0", "hangup", "2026-02-25T10:00:00", number: "+380670000009")
    }

    static let period = "from=2026-03-02&to=2026-03-08"

    @Test("summary, previous week, time series, breakdown and CSV count missed, answered, outgoing and called-back calls")
    func callFigures() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await PhoneCallTests.phoneInbox(org)
            try await Self.week(org, inbox)
            let third = try #require(
                try await harness.request(.get, "/api/v1/conversations?limit=50", token: org.adminToken).json["items"]?.array
                    .first { $0["last_message"]?["content"]?.string == "Missed call from +380670000003" }
            )
            _ = try await ReportTests.reply(org, try #require(third["id"]?.int), "We tried to reach you")

            let summary = try await ReportTests.get(org, "/api/v1/reports/summary?\(Self.period)")
            #expect(summary.status == .ok, "\(summary.text)")
            let calls = summary.json["calls"]
            #expect(calls?["missed"]?.int == 3, "A, B and C; E was answered after all")
            #expect(calls?["called_back"]?.int == 2, "A by a call after theirs, C by a reply; B's call came before")
            #expect(calls?["answered"]?.int == 2)
            #expect(calls?["outgoing"]?.int == 2)
            #expect(summary.json["previous"]?["calls"]?["missed"]?.int == 1)
            #expect(summary.json["previous"]?["calls"]?["called_back"]?.int == 0)

            let series = try await ReportTests.get(
                org, "/api/v1/reports/timeseries?\(Self.period)&metric=calls_missed&group_by=day"
            )
            #expect(series.json["items"]?.array.compactMap { $0["value"]?.int } == [1, 1, 1, 0, 0, 0, 0], "\(series.text)")
            let backs = try await ReportTests.get(
                org, "/api/v1/reports/timeseries?\(Self.period)&metric=calls_called_back&group_by=week"
            )
            #expect(backs.json["items"]?[0]?["value"]?.int == 2)

            let channels = try await ReportTests.get(org, "/api/v1/reports/breakdown?\(Self.period)&by=channel")
            let phone = channels.json["items"]?.array.first { $0["key"]?["name"]?.string == "phone" }
            #expect(phone?["calls"]?["missed"]?.int == 3, "\(channels.text)")
            #expect(phone?["calls"]?["answered"]?.int == 2)

            let elsewhere = try #require(try await org.apiInbox()["id"]?.int)
            let filtered = try await ReportTests.get(org, "/api/v1/reports/summary?\(Self.period)&inbox_id=\(elsewhere)")
            #expect(filtered.json["calls"]?["missed"]?.int == 0, "another inbox's report has no calls")

            let csv = try await ReportTests.get(org, "/api/v1/reports/summary?\(Self.period)&format=csv")
            let table = try #require(CSVReader.parse(csv.text))
            #expect(table.contains(["calls.missed", "3", "1"]))
            #expect(table.contains(["calls.called_back", "2", "0"]))
        }
    }
}
