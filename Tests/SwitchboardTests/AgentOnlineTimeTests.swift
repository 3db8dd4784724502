import Foundation
import HTTPTypes
import PostgresNIO
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

/// Agent availability over time: every change is recorded, whichever way it is made, and the breakdown by
/// agent adds up the seconds spent `online` inside the period, by the account's days.
///
/// The changes are made through the API (the agent's own toggle, an admin's deactivation), then moved to
/// fixed moments in the database, as a clock would have stamped them.
@Suite("Agent online time")
struct AgentOnlineTimeTests {
    /// The recorded availabilities of `agent`, oldest first.
    static func changes(_ harness: Harness, agent: Int64) async throws -> [String] {
        try await harness.store.client.withConnection { connection in
            var result: [String] = []
            for try await value in try await connection.query(
                "SELECT availability FROM agent_availability_changes WHERE agent_id = \(agent) ORDER BY id", logger: TestDatabases.logger
            ).decode(String.self) {
                result.append(value)
            }
            return result
        }
    }

    static func toggle(_ org: TestAccount, agent: Int64, token: String, _ body: String) async throws {
        let reply = try await org.harness.request(.patch, "/api/v1/agents/\(agent)", token: token, json: body)
        #expect(reply.status == .ok, "\(body): \(reply.text)")
    }

    @Test("online seconds: clipped to the period, split at midnight in Tokyo, toggles and deactivation recorded")
    func onlineSeconds() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            _ = try await harness.request(.patch, "/api/v1/account", token: org.adminToken, json: #"{"time_zone": "Asia/Tokyo"}"#)
            let olena = try await org.agent(name: "Olena")
            try await Self.toggle(org, agent: olena.id, token: olena.token, #"{"availability": "online"}"#)
            try await Self.toggle(org, agent: olena.id, token: olena.token, #"{"availability": "online"}"#)
            try await Self.toggle(org, agent: olena.id, token: olena.token, #"{"availability": "busy"}"#)
            try await Self.toggle(org, agent: olena.id, token: olena.token, #"{"availability": "online"}"#)
            try await Self.toggle(org, agent: olena.id, token: org.adminToken, #"{"active": false}"#)
            #expect(
                try await Self.changes(harness, agent: olena.id) == ["offline", "online", "busy", "online", "offline"],
                "created offline; the repeated toggle is no change; deactivation takes the agent offline"
            )
            // In Tokyo (UTC+9): online Monday 22:00, busy Tuesday 01:00, online 02:00, deactivated 04:30.
            let moments = ["2026-02-20 00:00", "2026-03-02 13:00", "2026-03-02 16:00", "2026-03-02 17:00", "2026-03-02 19:30"]
            for (offset, moment) in moments.enumerated() {
                try await ReportTests.execute(
                    harness,
                    """
                    UPDATE agent_availability_changes SET changed_at = \(ReportTests.at(moment))
                    WHERE id = (SELECT id FROM agent_availability_changes WHERE agent_id = \(olena.id) ORDER BY id OFFSET \(offset) LIMIT 1)
                    """
                )
            }
            // Taras went online before the period and is online still.
            let taras = try await org.agent(name: "Taras")
            try await Self.toggle(org, agent: taras.id, token: taras.token, #"{"availability": "online"}"#)
            try await ReportTests.execute(
                harness, "UPDATE agent_availability_changes SET changed_at = \(ReportTests.at("2026-02-25 00:00")) WHERE agent_id = \(taras.id)"
            )

            func online(_ period: String, _ name: String) async throws -> Double? {
                let reply = try await ReportTests.get(org, "/api/v1/reports/breakdown?\(period)&by=agent")
                #expect(reply.status == .ok)
                let row = reply.json["items"]?.array.first { $0["key"]?["name"]?.string == name }
                return row?["online_seconds"]?.double
            }
            #expect(try await online("from=2026-03-02&to=2026-03-02", "Olena") == 7200, "22:00 to midnight")
            #expect(try await online("from=2026-03-03&to=2026-03-03", "Olena") == 3600 + 9000, "after midnight, less the busy hour")
            #expect(try await online("from=2026-03-02&to=2026-03-03", "Olena") == 7200 + 12600)
            #expect(try await online("from=2026-03-04&to=2026-03-04", "Olena") == nil, "offline all day and no conversations: no row")
            #expect(try await online("from=2026-03-02&to=2026-03-02", "Taras") == 86400, "the whole day")
            let one = try await ReportTests.get(org, "/api/v1/reports/breakdown?from=2026-03-02&to=2026-03-02&by=agent&agent_id=\(taras.id)")
            #expect(one.json["items"]?.array.compactMap { $0["key"]?["name"]?.string } == ["Taras"])
            let teams = try await ReportTests.get(org, "/api/v1/reports/breakdown?from=2026-03-02&to=2026-03-02&by=team")
            #expect(teams.json["items"]?.array.allSatisfy { $0["online_seconds"] == nil } == true, "by agent only")

            let csv = try await ReportTests.get(org, "/api/v1/reports/breakdown?from=2026-03-03&to=2026-03-03&by=agent&format=csv")
            let table = try #require(CSVReader.parse(csv.text))
            let column = try #require(table[0].firstIndex(of: "online_seconds"))
            #expect(table.first { $0[1] == "Olena" }?[column] == "12600")
        }
    }

    @Test("the Unassigned row has no online seconds")
    func unassignedRow() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            _ = try await ReportTests.open(org, inbox: inbox, sender: "olena")
            let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
            let reply = try await ReportTests.get(org, "/api/v1/reports/breakdown?from=\(today)&to=\(today)&by=agent")
            let unassigned = reply.json["items"]?.array.first { $0["key"]?["name"]?.string == "Unassigned" }
            #expect(unassigned?["conversations_created"]?.int == 1)
            #expect(unassigned?["online_seconds"] == .null)
        }
    }
}
