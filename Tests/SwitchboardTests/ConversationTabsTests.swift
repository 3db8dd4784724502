import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@testable import switchboard

/// What the console's list shows beside the rows: the size of each tab under the same filters, the channel
/// and category filters, and each agent's unread mark.
@Suite("Conversation tabs and unread marks")
struct ConversationTabsTests {
    @Test("counts per tab follow the list's filters; channel and category filter; a bad filter is 422 naming it")
    func countsAndFilters() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let api = try #require(try await org.apiInbox()["id"]?.int)
            for number in 1...3 { try await org.post(inbox: api, externalID: "m\(number)", sender: "c\(number)", content: "help \(number)") }
            let list = try await harness.request(.get, "/api/v1/conversations", token: org.adminToken)
            let ids = try #require(list.json["items"]?.array.compactMap { $0["id"]?.int })
            #expect(ids.count == 3)
            let category = try await harness.request(.post, "/api/v1/categories", token: org.adminToken, json: #"{"name": "Legal"}"#)
            let legal = try #require(category.json["id"]?.int)
            _ = try await harness.request(
                .post, "/api/v1/categories", token: org.adminToken, json: #"{"name": "Housing", "parent_id": \#(legal)}"#
            )
            let patched = try await harness.request(
                .patch, "/api/v1/conversations/\(ids[0])", token: org.adminToken,
                json: #"{"assignee_id": \#(org.adminID), "category": "Legal/Housing"}"#
            )
            #expect(patched.status == .ok)

            let all = try await harness.request(.get, "/api/v1/conversations/counts", token: org.adminToken)
            #expect(all.status == .ok)
            #expect(all.json == .object(["mine": .number(1), "unassigned": .number(2), "all": .number(3)]))
            let legalOnly = try await harness.request(.get, "/api/v1/conversations/counts?category=legal", token: org.adminToken)
            #expect(legalOnly.json["all"]?.int == 1)
            #expect(legalOnly.json["mine"]?.int == 1)
            let listed = try await harness.request(.get, "/api/v1/conversations?category=Legal", token: org.adminToken)
            #expect(listed.json["items"]?.array.compactMap { $0["id"]?.int } == [ids[0]])
            let searched = try await harness.request(.get, "/api/v1/conversations/counts?q=help%202", token: org.adminToken)
            #expect(searched.json["all"]?.int == 1)
            let email = try await harness.request(.get, "/api/v1/conversations/counts?channel=email", token: org.adminToken)
            #expect(email.json["all"]?.int == 0)
            let byChannel = try await harness.request(.get, "/api/v1/conversations?channel=api", token: org.adminToken)
            #expect(byChannel.json["items"]?.array.count == 3)

            let badChannel = try await harness.request(.get, "/api/v1/conversations/counts?channel=pigeon", token: org.adminToken)
            #expect(badChannel.status == .unprocessableContent)
            #expect(badChannel.json["errors"]?[0]?["field"]?.string == "channel")
            let badCategory = try await harness.request(.get, "/api/v1/conversations?category=a/b/c", token: org.adminToken)
            #expect(badCategory.status == .unprocessableContent)
            #expect(badCategory.json["errors"]?[0]?["field"]?.string == "category")

            // An agent outside every team sees none of them, and their counts say so.
            let outsider = try await org.agent()
            let theirs = try await harness.request(.get, "/api/v1/conversations/counts", token: outsider.token)
            #expect(theirs.json == .object(["mine": .number(0), "unassigned": .number(0), "all": .number(0)]))
        }
    }

    @Test("a conversation is unread for an agent until they mark it seen, and again when the contact writes")
    func unreadMarks() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let api = try #require(try await org.apiInbox()["id"]?.int)
            try await org.post(inbox: api, externalID: "m1", sender: "c1", content: "first")
            let supervisor = try await org.agent(role: "supervisor", name: "Iryna")
            func unread(_ token: String) async throws -> Bool? {
                try await harness.request(.get, "/api/v1/conversations", token: token).json["items"]?[0]?["unread"]?.bool
            }
            #expect(try await unread(org.adminToken) == true)
            let id = try #require(try await harness.request(.get, "/api/v1/conversations", token: org.adminToken).json["items"]?[0]?["id"]?.int)

            let seen = try await harness.request(.post, "/api/v1/conversations/\(id)/seen", token: org.adminToken)
            #expect(seen.status == .noContent)
            #expect(try await unread(org.adminToken) == false)
            #expect(
                try await harness.request(.get, "/api/v1/conversations/\(id)", token: org.adminToken).json["unread"] == nil,
                "one conversation shows as its events do, the same to everyone"
            )
            #expect(try await unread(supervisor.token) == true, "each agent has their own mark")

            // The agent's own reply does not make it unread; the contact's next message does.
            _ = try await harness.request(.post, "/api/v1/conversations/\(id)/messages", token: org.adminToken, json: #"{"content": "hi"}"#)
            #expect(try await unread(org.adminToken) == false)
            try await org.post(inbox: api, externalID: "m2", sender: "c1", content: "second")
            #expect(try await unread(org.adminToken) == true)

            let other = try await harness.account("Other")
            let foreign = try await harness.request(.post, "/api/v1/conversations/\(id)/seen", token: other.adminToken)
            #expect(foreign.status == .notFound)
        }
    }
}
