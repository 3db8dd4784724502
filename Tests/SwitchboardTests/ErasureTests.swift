import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

/// Erasure on request and subject access: the person's data goes, the figures reports are made of stay.
@Suite struct ErasureTests {
    /// The week's report figures an administrator reads: they must be the same before and after any erasure.
    static func figures(_ org: TestAccount) async throws -> [String] {
        var figures: [String] = []
        let queries = [
            "summary?", "timeseries?metric=conversations_created&group_by=day&", "timeseries?metric=first_response_seconds&",
            "timeseries?metric=messages_incoming&", "breakdown?by=category&", "breakdown?by=label&",
        ]
        for path in queries {
            let reply = try await ReportTests.get(org, "/api/v1/reports/\(path)\(ReportTests.week)")
            #expect(reply.status == .ok, "\(path): \(reply.text)")
            var json = reply.json
            if case .object(var fields) = json {
                fields["generated_at"] = nil
                json = .object(fields)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            figures.append(String(decoding: try encoder.encode(json), as: UTF8.self))
        }
        return figures
    }

    /// Conversation A of the report history, with a file on its first message; returns (contact, conversation).
    static func personWithHistory(_ harness: Harness, _ org: TestAccount) async throws -> (Int64, Int64) {
        let ids = try await ReportTests.history(harness, org)
        let conversation = try await harness.request(.get, "/api/v1/conversations/\(ids[0])", token: org.adminToken)
        let contact = try #require(conversation.json["contact"]?["id"]?.int ?? conversation.json["contact_id"]?.int)
        try await ReportTests.execute(
            harness,
            """
            INSERT INTO attachments (account_id, message_id, name, content_type, size, data)
            SELECT account_id, id, 'passport.jpg', 'image/jpeg', 4, '\\xdeadbeef' FROM messages
            WHERE conversation_id = \(ids[0]) AND direction = 'in'
            """
        )
        return (contact, ids[0])
    }

    @Test func previewThenEraseKeepsTheReportsAndIsIdempotent() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let (contact, conversation) = try await Self.personWithHistory(harness, org)
            let before = try await Self.figures(org)

            let preview = try await harness.request(
                .post, "/api/v1/contacts/\(contact)/erase", token: org.adminToken, json: #"{"confirm": false}"#
            )
            #expect(preview.status == .ok, "\(preview.text)")
            #expect(preview.json["conversations"]?.int == 1)
            #expect(preview.json["messages"]?.int == 2)
            #expect(preview.json["attachments"]?.int == 1)
            #expect(preview.json["identities"]?.int == 1)
            #expect(preview.json["erased"] == .bool(false))
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE content = 'Help'") > 0, "a preview changes nothing")

            for role in ["supervisor", "agent"] {
                let someone = try await org.agent(role: role)
                let refused = try await harness.request(
                    .post, "/api/v1/contacts/\(contact)/erase", token: someone.token, json: #"{"confirm": true}"#
                )
                #expect(refused.status == .forbidden || refused.status == .notFound, "\(role): \(refused.status)")
                let export = try await harness.request(.get, "/api/v1/contacts/\(contact)/export", token: someone.token)
                #expect(export.status == .forbidden || export.status == .notFound, "\(role): \(export.status)")
            }
            let missing = try await harness.request(.post, "/api/v1/contacts/\(contact)/erase", token: org.adminToken, json: "{}")
            #expect(missing.status.code / 100 == 4 && missing.text.contains("confirm"), "\(missing.text)")

            let erased = try await harness.request(
                .post, "/api/v1/contacts/\(contact)/erase", token: org.adminToken, json: #"{"confirm": true}"#
            )
            #expect(erased.status == .ok)
            #expect(erased.json["attachments"]?.int == 1 && erased.json["erased"] == .bool(true))

            let shown = try await harness.request(.get, "/api/v1/contacts/\(contact)", token: org.adminToken)
            #expect(shown.json["name"]?.string == "Anonymous #\(contact)")
            #expect(!shown.text.contains("Contact a"))
            #expect(try await harness.count("SELECT count(*)::int FROM contact_identities WHERE contact_id = \(contact)") == 0)
            #expect(try await harness.count("SELECT count(*)::int FROM attachments") == 0)
            #expect(
                try await harness.count(
                    "SELECT count(*)::int FROM messages WHERE conversation_id = \(conversation) AND content <> '[erased]'"
                ) == 0
            )
            #expect(
                try await harness.count(
                    """
                    SELECT count(*)::int FROM conversations WHERE id = \(conversation) AND csat_rating = 5
                      AND category = 'Legal/Housing' AND labels = '{urgent}' AND first_response_at IS NOT NULL
                    """
                ) == 1,
                "rating, category, labels and timers survive"
            )
            #expect(try await Self.figures(org) == before, "the reports are the same")
            #expect(
                try await harness.count(
                    """
                    SELECT count(*)::int FROM audit_events WHERE action = 'contact.erased' AND subject_id = \(contact)
                      AND actor_id = \(org.adminID) AND (data->>'messages')::int = 2 AND data::text NOT LIKE '%Contact a%'
                    """
                ) == 1
            )

            let again = try await harness.request(
                .post, "/api/v1/contacts/\(contact)/erase", token: org.adminToken, json: #"{"confirm": true}"#
            )
            #expect(again.status == .ok)
            #expect(again.json["attachments"]?.int == 0 && again.json["identities"]?.int == 0)
            #expect(try await Self.figures(org) == before)

            // The same person writes again from the same channel identity: a new contact, nothing linked.
            let inbox = try await harness.count("SELECT inbox_id::int FROM conversations WHERE id = \(conversation)")
            let posted = try await org.post(inbox: Int64(inbox), externalID: "a-again", sender: "a", name: "Contact a")
            #expect(posted.status.code / 100 == 2)
            let newConversation = try #require(posted.json["conversation_id"]?.int)
            let newContact = try await harness.count("SELECT contact_id::int FROM conversations WHERE id = \(newConversation)")
            #expect(Int64(newContact) != contact)
        }
    }

    @Test func theExportHoldsEverythingAboutThePerson() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let (contact, conversation) = try await Self.personWithHistory(harness, org)
            let reply = try await harness.request(.get, "/api/v1/contacts/\(contact)/export", token: org.adminToken)
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            let document = reply.json
            #expect(document["contact"]?["name"]?.string == "Contact a")
            #expect(document["identities"]?.array.first?["external_id"]?.string == "a")
            let conversations = document["conversations"]?.array ?? []
            #expect(conversations.map { $0["id"]?.int } == [conversation])
            #expect(conversations.first?["csat"]?["rating"]?.int == 5)
            let messages = conversations.first?["messages"]?.array ?? []
            #expect(messages.map { $0["content"]?.string } == ["Help", "We are on it"])
            #expect(messages.first?["attachments"]?.array.first?["name"]?.string == "passport.jpg")
            #expect(!reply.text.contains("deadbeef"), "metadata only, not the file")

            let elsewhere = try await harness.account("Other org")
            let foreign = try await harness.request(.get, "/api/v1/contacts/\(contact)/export", token: elsewhere.adminToken)
            #expect(foreign.status == .notFound)
        }
    }
}
