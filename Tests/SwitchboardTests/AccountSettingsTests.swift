import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@testable import switchboard

@Suite("Account settings and idle auto-resolve")
struct AccountSettingsTests {
    @Test("admins change the account's settings; bad values are named; others only read them")
    func settings() async throws {
        try await Harness.run { harness in
            let org = try await harness.account("Help Line")
            let initial = try await harness.request(.get, "/api/v1/account", token: org.adminToken)
            #expect(initial.status == .ok)
            #expect(initial.json["name"]?.string == "Help Line")
            #expect(initial.json["time_zone"]?.string == "UTC")
            #expect(initial.json["default_language"] == .null)
            #expect(initial.json["auto_resolve_idle_minutes"] == .null)

            let bad = try await harness.request(
                .patch, "/api/v1/account", token: org.adminToken,
                json: #"{"name": " ", "time_zone": "Mars/Olympus", "default_language": "ukrainian!", "auto_resolve_idle_minutes": 0}"#
            )
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.json["errors"]?.array.compactMap { $0["field"]?.string } ?? []) == [
                "name", "time_zone", "default_language", "auto_resolve_idle_minutes",
            ])

            let changed = try await harness.request(
                .patch, "/api/v1/account", token: org.adminToken,
                json: #"{"time_zone": "Europe/Kyiv", "default_language": "uk", "auto_resolve_idle_minutes": 1440}"#
            )
            #expect(changed.status == .ok)
            #expect(changed.json["name"]?.string == "Help Line")
            #expect(changed.json["time_zone"]?.string == "Europe/Kyiv")
            #expect(changed.json["default_language"]?.string == "uk")
            #expect(changed.json["auto_resolve_idle_minutes"]?.int == 1440)
            let cleared = try await harness.request(
                .patch, "/api/v1/account", token: org.adminToken, json: #"{"auto_resolve_idle_minutes": null}"#
            )
            #expect(cleared.json["auto_resolve_idle_minutes"] == .null)
            #expect(cleared.json["default_language"]?.string == "uk")

            let agent = try await org.agent()
            let read = try await harness.request(.get, "/api/v1/account", token: agent.token)
            #expect(read.json["time_zone"]?.string == "Europe/Kyiv")
            let forbidden = try await harness.request(
                .patch, "/api/v1/account", token: agent.token, json: #"{"name": "Mine"}"#
            )
            #expect(forbidden.status == .forbidden)
            let other = try await harness.account("Other")
            let theirs = try await harness.request(.get, "/api/v1/account", token: other.adminToken)
            #expect(theirs.json["name"]?.string == "Other")
        }
    }

    @Test("answered conversations silent for the account's idle time are resolved; unanswered requests never are")
    func idleResolve() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let patched = try await harness.request(
                .patch, "/api/v1/account", token: org.adminToken, json: #"{"auto_resolve_idle_minutes": 120}"#
            )
            #expect(patched.status == .ok)
            let inbox = Int64(try #require(try await org.apiInbox()["id"]?.int))
            let start = Date()
            func conversation(_ sender: String, answered: Bool, contactAgain: Bool = false) async throws -> Int64 {
                let posted = try await org.post(inbox: inbox, externalID: "\(sender)-1", sender: sender, content: "Help")
                let id = Int64(try #require(posted.json["conversation_id"]?.int))
                if answered {
                    _ = try await harness.request(
                        .post, "/api/v1/conversations/\(id)/messages", token: org.adminToken, json: #"{"content": "Done, anything else?"}"#
                    )
                }
                if contactAgain { try await org.post(inbox: inbox, externalID: "\(sender)-2", sender: sender, content: "One more") }
                return id
            }
            let answered = try await conversation("a", answered: true)
            let unanswered = try await conversation("b", answered: false)
            let askedAgain = try await conversation("c", answered: true, contactAgain: true)
            func status(_ id: Int64) async throws -> String? {
                try await harness.request(.get, "/api/v1/conversations/\(id)", token: org.adminToken).json["status"]?.string
            }

            _ = try await harness.assembly.automationScheduler(now: { start.addingTimeInterval(119 * 60) }).tick()
            #expect(try await status(answered) == "open")
            let later = start.addingTimeInterval(121 * 60)
            async let one = harness.assembly.automationScheduler(now: { later }).tick()
            async let two = harness.assembly.automationScheduler(now: { later }).tick()
            _ = try await (one, two)
            #expect(try await status(answered) == "resolved")
            #expect(try await status(unanswered) == "open", "the contact is still waiting for us")
            #expect(try await status(askedAgain) == "open", "the contact wrote after our answer")
            #expect(
                try await harness.count(
                    "SELECT count(*)::int FROM audit_events WHERE action = 'conversation.auto_resolved' AND data->>'reason' = 'idle'"
                ) == 1, "resolved once, though two schedulers ran"
            )
        }
    }
}
