import Foundation
import HTTPTypes
import PostgresNIO
import SwitchboardStore
import SwitchboardCore
import Testing

/// The event log seen through the polling route: written with its change or not at all, `data` as the
/// resource's GET shows it, and scoped like the API.
@Suite("Event log")
struct EventLogTests {
    /// Polls `GET /api/v1/events` until `done` holds for the events seen after `after`, or 10 s pass.
    static func events(
        _ harness: Harness, token: String, after: Int64 = 0, until done: ([JSONValue]) -> Bool
    ) async throws -> [JSONValue] {
        let deadline = ContinuousClock.now + .seconds(10)
        var seen: [JSONValue] = []
        var cursor = after
        while true {
            let page = try await harness.request(.get, "/api/v1/events?after=\(cursor)&limit=1000", token: token)
            #expect(page.status == .ok, "\(page.text)")
            seen += page.json["items"]?.array ?? []
            cursor = Int64(page.json["next_cursor"]?.string ?? "") ?? cursor
            if done(seen) || ContinuousClock.now > deadline { return seen }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    static func types(_ events: [JSONValue]) -> [String] { events.compactMap { $0["type"]?.string } }

    @Test("a change writes its event in its own transaction; a refused change writes none; data is what GET shows")
    func eventWithItsChange() async throws {
        try await Harness.run(events: .init()) { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let posted = try await org.post(inbox: inbox, externalID: "m1", sender: "u1", name: "Iryna", content: "Need help")
            let conversation = try #require(posted.json["conversation_id"]?.int)
            let created = try await Self.events(harness, token: org.adminToken) { Self.types($0).contains("message.created") }
            #expect(Self.types(created).contains("conversation.created"))
            #expect(Self.types(created).contains("contact.created"))
            let message = try #require(created.first { $0["type"]?.string == "message.created" })
            #expect(message["conversation_id"]?.int == conversation)
            #expect(message["data"]?["content"]?.string == "Need help")
            #expect(message["account_id"]?.int == org.id)
            let contactEvent = try #require(created.last { $0["type"]?.string?.hasPrefix("contact.") == true })
            let contactID = try #require(posted.json["contact_id"]?.int)
            let contact = try await harness.request(.get, "/api/v1/contacts/\(contactID)", token: org.adminToken)
            #expect(contactEvent["data"] == contact.json, "a contact event shows the contact as its GET does")
            let ids = created.compactMap { $0["id"]?.int }
            #expect(ids == ids.sorted() && Set(ids).count == ids.count, "ids increase: \(ids)")
            let last = try #require(ids.last)

            // Refused: no event. Then a real change: one event with its changes and the GET representation.
            let refused = try await harness.request(
                .patch, "/api/v1/conversations/\(conversation)", token: org.adminToken, json: #"{"status": "closed"}"#
            )
            #expect(refused.status == .unprocessableContent)
            let changed = try await harness.request(
                .patch, "/api/v1/conversations/\(conversation)", token: org.adminToken,
                json: #"{"priority": "urgent", "labels": ["crisis"]}"#
            )
            #expect(changed.status == .ok)
            let after = try await Self.events(harness, token: org.adminToken, after: last) {
                Self.types($0).contains("conversation.updated")
            }
            #expect(Self.types(after) == ["conversation.updated"], "\(after)")
            let update = try #require(after.first)
            #expect(update["changes"]?["priority"] == .array([.string("none"), .string("urgent")]))
            #expect(update["changes"]?["labels"] == .array([.array([]), .array([.string("crisis")])]))
            #expect(update["changes"]?["status"] == nil)
            let shown = try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken)
            #expect(update["data"] == shown.json)

            // A transaction that rolls back leaves no event behind.
            let unpublished = try await harness.count("SELECT count(*)::int FROM events WHERE id IS NULL")
            try await harness.store.client.withConnection { connection in
                try await connection.query("BEGIN", logger: TestDatabases.logger)
                try await connection.query(
                    "UPDATE conversations SET priority = 'low' WHERE id = \(conversation)", logger: TestDatabases.logger
                )
                try await connection.query("ROLLBACK", logger: TestDatabases.logger)
            }
            #expect(try await harness.count("SELECT count(*)::int FROM events WHERE id IS NULL") <= unpublished)
            try await Task.sleep(for: .milliseconds(500))
            let none = try await harness.request(.get, "/api/v1/events?after=\(update["id"]?.int ?? 0)", token: org.adminToken)
            #expect(none.json["items"]?.array.isEmpty == true, "\(none.text)")
        }
    }

    @Test("agents see only events of conversations they may see; nobody sees another account's")
    func eventsAreScoped() async throws {
        try await Harness.run(events: .init()) { harness in
            let org = try await harness.account()
            let other = try await harness.account("Other org")
            let inside = try await org.agent(name: "Inside")
            let outside = try await org.agent(name: "Outside")
            let team = try await harness.request(.post, "/api/v1/teams", token: org.adminToken, json: #"{"name": "Line 1"}"#)
            let teamID = try #require(team.json["id"]?.int)
            _ = try await harness.request(
                .put, "/api/v1/teams/\(teamID)/members", token: org.adminToken, json: #"{"agent_ids": [\#(inside.id)]}"#
            )
            let inbox = try #require(try await org.apiInbox(teamID: teamID)["id"]?.int)
            let posted = try await org.post(inbox: inbox, externalID: "m1", sender: "u1", content: "Private matter")
            let conversation = try #require(posted.json["conversation_id"]?.int)

            let admin = try await Self.events(harness, token: org.adminToken) { Self.types($0).contains("message.created") }
            let seenInside = try await Self.events(harness, token: inside.token) { Self.types($0).contains("message.created") }
            #expect(seenInside.contains { $0["conversation_id"]?.int == conversation })
            let adminIDs = admin.compactMap { $0["id"]?.int }
            let latest = try #require(adminIDs.max())
            // The outsider's and the other account's pages are empty, but their cursor moves on.
            for token in [outside.token, other.adminToken] {
                let page = try await harness.request(.get, "/api/v1/events?after=0", token: token)
                let items = page.json["items"]?.array ?? []
                #expect(!items.contains { $0["conversation_id"]?.int == conversation }, "\(page.text)")
                #expect(!items.contains { $0["account_id"]?.int == org.id })
            }
            let outsiderPage = try await harness.request(.get, "/api/v1/events?after=0", token: outside.token)
            #expect(Int64(outsiderPage.json["next_cursor"]?.string ?? "") ?? 0 >= latest)
            let bad = try await harness.request(.get, "/api/v1/events?after=yesterday", token: org.adminToken)
            #expect(bad.status == .badRequest || bad.status == .unprocessableContent)
            #expect(bad.text.contains("after"))
        }
    }

    @Test("merging contacts and an agent's availability are events too")
    func contactAndAgentEvents() async throws {
        try await Harness.run(events: .init()) { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let first = try await org.post(inbox: inbox, externalID: "m1", sender: "u1", name: "Iryna")
            let second = try await org.post(inbox: inbox, externalID: "m2", sender: "u2", name: "Iryna K.")
            let keep = try #require(first.json["contact_id"]?.int)
            let gone = try #require(second.json["contact_id"]?.int)
            let merged = try await harness.request(
                .post, "/api/v1/contacts/\(keep)/merge", token: org.adminToken, json: #"{"other_id": \#(gone)}"#
            )
            #expect(merged.status == .ok, "\(merged.text)")
            let agent = try await org.agent()
            let available = try await harness.request(
                .patch, "/api/v1/agents/\(agent.id)", token: agent.token, json: #"{"availability": "online"}"#
            )
            #expect(available.status == .ok)
            let seen = try await Self.events(harness, token: org.adminToken) {
                Self.types($0).contains("contact.merged") && Self.types($0).contains("agent.updated")
            }
            let merge = try #require(seen.first { $0["type"]?.string == "contact.merged" })
            #expect(merge["data"]?["id"]?.int == keep)
            #expect(merge["merged_contact_id"]?.int == gone)
            let update = try #require(seen.first { $0["type"]?.string == "agent.updated" })
            #expect(update["data"]?["availability"]?.string == "online")
        }
    }
}
