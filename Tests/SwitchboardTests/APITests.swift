import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@testable import switchboard

@Suite("JSON API")
struct APITests {
    @Test("no token or a bad token is 401 problem+json; login with a password issues a working token")
    func authentication() async throws {
        try await Harness.run { harness in
            let none = try await harness.request(.get, "/api/v1/conversations")
            #expect(none.status == .unauthorized)
            #expect(none.headers[.contentType] == "application/problem+json")
            #expect(none.json["status"]?.int == 401)
            let bad = try await harness.request(.get, "/api/v1/conversations", token: "sb_not-a-token")
            #expect(bad.status == .unauthorized)

            let org = try await harness.account()
            let created = try await harness.request(
                .post, "/api/v1/agents", token: org.adminToken,
                json: #"{"name": "Taras", "email": "taras@example.org", "role": "agent", "password": "correct horse"}"#
            )
            #expect(created.status == .created)
            let wrong = try await harness.request(
                .post, "/api/v1/auth/login", json: #"{"email": "taras@example.org", "password": "wrong password"}"#
            )
            #expect(wrong.status == .unauthorized)
            let login = try await harness.request(
                .post, "/api/v1/auth/login", json: #"{"email": "TARAS@example.org", "password": "correct horse"}"#
            )
            #expect(login.status == .ok)
            let token = try #require(login.json["token"]?.string)
            let me = try await harness.request(.get, "/api/v1/agents/\(try #require(created.json["id"]?.int))", token: token)
            #expect(me.json["email"]?.string == "taras@example.org")
            #expect(try await harness.count("SELECT count(*)::int FROM api_tokens WHERE token_hash = convert_to('\(token)', 'UTF8')") == 0)
        }
    }

    @Test("agents, teams and inboxes: create, read, update, with field errors and roles")
    func directory() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let missing = try await harness.request(.post, "/api/v1/agents", token: org.adminToken, json: #"{"name": "X", "role": "agent"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.json["errors"]?[0]?["field"]?.string == "email")
            let badRole = try await harness.request(
                .post, "/api/v1/agents", token: org.adminToken, json: #"{"name": "X", "email": "x@example.org", "role": "boss"}"#
            )
            #expect(badRole.status == .unprocessableContent)
            #expect(badRole.json["errors"]?[0]?["field"]?.string == "role")

            let agent = try await org.agent()
            let forbidden = try await harness.request(.post, "/api/v1/teams", token: agent.token, json: #"{"name": "Line 1"}"#)
            #expect(forbidden.status == .forbidden)
            let team = try await harness.request(.post, "/api/v1/teams", token: org.adminToken, json: #"{"name": "Line 1"}"#)
            #expect(team.status == .created)
            let teamID = try #require(team.json["id"]?.int)
            let duplicate = try await harness.request(.post, "/api/v1/teams", token: org.adminToken, json: #"{"name": "line 1"}"#)
            #expect(duplicate.status == .conflict)
            let members = try await harness.request(
                .put, "/api/v1/teams/\(teamID)/members", token: org.adminToken, json: #"{"agent_ids": [\#(agent.id)]}"#
            )
            #expect(members.json["member_ids"]?.array.compactMap(\.int) == [agent.id])
            let unknownMember = try await harness.request(
                .put, "/api/v1/teams/\(teamID)/members", token: org.adminToken, json: #"{"agent_ids": [999999]}"#
            )
            #expect(unknownMember.status == .unprocessableContent)

            let available = try await harness.request(
                .patch, "/api/v1/agents/\(agent.id)", token: agent.token, json: #"{"availability": "online"}"#
            )
            #expect(available.json["availability"]?.string == "online")
            let selfPromotion = try await harness.request(
                .patch, "/api/v1/agents/\(agent.id)", token: agent.token, json: #"{"role": "admin"}"#
            )
            #expect(selfPromotion.status == .forbidden)

            let inbox = try await org.apiInbox(config: #"{"callback_url": "https://partner.example.org/hook", "secret": "a-very-long-secret-value"}"#)
            #expect(inbox["channel"]?["config"]?["secret"] == nil)
            #expect(inbox["channel"]?["secrets_set"]?[0]?.string == "secret")
            #expect(inbox["signing_secret"] == nil)
            #expect(inbox["uid"]?.string?.count == 24)
            let inboxID = try #require(inbox["id"]?.int)
            let patched = try await harness.request(
                .patch, "/api/v1/inboxes/\(inboxID)", token: org.adminToken,
                json: #"{"name": "Partner", "team_id": \#(teamID), "channel": {"config": {"callback_url": "https://new.example.org/hook"}}}"#
            )
            #expect(patched.status == .ok)
            #expect(patched.json["team_id"]?.int == teamID)
            #expect(patched.json["channel"]?["config"]?["callback_url"]?.string == "https://new.example.org/hook")
            #expect(patched.json["channel"]?["secrets_set"]?[0]?.string == "secret")
            let badURL = try await harness.request(
                .patch, "/api/v1/inboxes/\(inboxID)", token: org.adminToken,
                json: #"{"channel": {"config": {"callback_url": "ftp://nope"}}}"#
            )
            #expect(badURL.status == .unprocessableContent)
            #expect(badURL.json["errors"]?[0]?["field"]?.string == "channel.config.callback_url")
            let unknownTeam = try await harness.request(
                .patch, "/api/v1/inboxes/\(inboxID)", token: org.adminToken, json: #"{"team_id": 424242}"#
            )
            #expect(unknownTeam.status == .unprocessableContent)
            #expect(unknownTeam.json["errors"]?[0]?["field"]?.string == "team_id")

            let generated = try await org.apiInbox(name: "Generated secret")
            #expect(generated["signing_secret"]?.string?.isEmpty == false)

            let deleted = try await harness.request(.delete, "/api/v1/inboxes/\(inboxID)", token: org.adminToken)
            #expect(deleted.status == .noContent)
            let afterDelete = try await org.post(inbox: inboxID, externalID: "late", sender: "u")
            #expect(afterDelete.status == .notFound)
            let gone = try await harness.request(.get, "/api/v1/inboxes/\(inboxID)", token: org.adminToken)
            #expect(gone.status == .notFound)
            let notPatched = try await harness.request(
                .patch, "/api/v1/inboxes/\(inboxID)", token: org.adminToken, json: #"{"name": "Back again"}"#
            )
            #expect(notPatched.status == .notFound)
            let listed = try await harness.request(.get, "/api/v1/inboxes", token: org.adminToken)
            #expect(listed.json["items"]?.array.contains { $0["id"]?.int == inboxID } == false)
        }
    }

    @Test("another account's data answers 404, and an agent sees only their teams' conversations")
    func isolation() async throws {
        try await Harness.run { harness in
            let org = try await harness.account("Help line")
            let other = try await harness.account("Someone else")
            let team = try await harness.request(.post, "/api/v1/teams", token: org.adminToken, json: #"{"name": "Kyiv"}"#)
            let teamID = try #require(team.json["id"]?.int)
            let inTeam = try await org.agent(name: "In team")
            let outside = try await org.agent(name: "Outside")
            _ = try await harness.request(
                .put, "/api/v1/teams/\(teamID)/members", token: org.adminToken, json: #"{"agent_ids": [\#(inTeam.id)]}"#
            )
            let inbox = try #require(try await org.apiInbox(teamID: teamID)["id"]?.int)
            let posted = try await org.post(inbox: inbox, externalID: "1", sender: "u")
            let conversation = try #require(posted.json["conversation_id"]?.int)
            let contact = try #require(posted.json["contact_id"]?.int)

            for path in [
                "/api/v1/conversations/\(conversation)", "/api/v1/contacts/\(contact)", "/api/v1/inboxes/\(inbox)",
                "/api/v1/conversations/\(conversation)/messages", "/api/v1/agents/\(inTeam.id)", "/api/v1/teams/\(teamID)",
            ] {
                let foreign = try await harness.request(.get, path, token: other.adminToken)
                #expect(foreign.status == .notFound, "\(path)")
                #expect(foreign.headers[.contentType] == "application/problem+json")
            }
            let foreignPost = try await other.post(inbox: inbox, externalID: "x", sender: "u")
            #expect(foreignPost.status == .notFound)
            #expect(try await harness.request(.get, "/api/v1/conversations", token: other.adminToken).json["items"]?.array.isEmpty == true)

            #expect(try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: inTeam.token).status == .ok)
            #expect(try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: outside.token).status == .notFound)
            #expect(try await harness.request(.get, "/api/v1/contacts/\(contact)", token: outside.token).status == .notFound)
            let outsideList = try await harness.request(.get, "/api/v1/conversations", token: outside.token)
            #expect(outsideList.json["items"]?.array.isEmpty == true)

            // Assigned to the outsider, the conversation becomes theirs to see.
            let assign = try await harness.request(
                .patch, "/api/v1/conversations/\(conversation)", token: org.adminToken, json: #"{"assignee_id": \#(outside.id)}"#
            )
            #expect(assign.json["assignee_id"]?.int == outside.id)
            #expect(try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: outside.token).status == .ok)
            let mine = try await harness.request(.get, "/api/v1/conversations?assignee_id=me", token: outside.token)
            #expect(mine.json["items"]?[0]?["id"]?.int == conversation)
            #expect(try await harness.count("SELECT count(*)::int FROM audit_events WHERE action = 'conversation.updated'") == 1)

            // Agents may not hand others' conversations around.
            let steal = try await harness.request(
                .patch, "/api/v1/conversations/\(conversation)", token: inTeam.token, json: #"{"assignee_id": \#(inTeam.id)}"#
            )
            #expect(steal.status == .forbidden)
        }
    }

    @Test("replies, private notes, filters and contact merge")
    func conversationsAndContacts() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let a = try await org.post(inbox: inbox, externalID: "1", sender: "tg-user", name: "Mariia", content: "Need shelter in Lviv")
            let b = try await org.post(inbox: inbox, externalID: "2", sender: "web-user", name: "M. K.", content: "Water please")
            let conversation = try #require(a.json["conversation_id"]?.int)

            let reply = try await harness.request(
                .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"content": "We are on it"}"#
            )
            #expect(reply.status == .created)
            #expect(reply.json["direction"]?.string == "out")
            #expect(reply.json["delivery_status"]?.string == "queued")
            #expect(reply.json["sender"]?["type"]?.string == "agent")
            let note = try await harness.request(
                .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
                json: #"{"content": "Call the shelter first", "private": true}"#
            )
            #expect(note.json["private"]?.bool == true)
            #expect(note.json["delivery_status"]?.isNull == true)
            #expect(try await harness.count("SELECT count(*)::int FROM outbox") == 1)
            let empty = try await harness.request(
                .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"content": ""}"#
            )
            #expect(empty.status == .unprocessableContent)
            let template = try await harness.request(
                .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
                json: #"{"template_id": 424242}"#
            )
            #expect(template.status == .unprocessableContent)
            #expect(template.json["errors"]?[0]?["field"]?.string == "template_id")

            let labelled = try await harness.request(
                .patch, "/api/v1/conversations/\(conversation)", token: org.adminToken,
                json: #"{"labels": ["shelter", "lviv"], "priority": "high"}"#
            )
            #expect(labelled.json["labels"]?.array.compactMap(\.string) == ["shelter", "lviv"])
            #expect(labelled.json["priority"]?.string == "high")
            let badStatus = try await harness.request(
                .patch, "/api/v1/conversations/\(conversation)", token: org.adminToken, json: #"{"status": "closed"}"#
            )
            #expect(badStatus.status == .unprocessableContent)
            #expect(badStatus.json["errors"]?[0]?["field"]?.string == "status")

            let byLabel = try await harness.request(.get, "/api/v1/conversations?label=shelter", token: org.adminToken)
            #expect(byLabel.json["items"]?.array.compactMap { $0["id"]?.int } == [conversation])
            let byText = try await harness.request(.get, "/api/v1/conversations?q=water", token: org.adminToken)
            #expect(byText.json["items"]?.array.compactMap { $0["id"]?.int } == [try #require(b.json["conversation_id"]?.int)])
            // Form-encoded query strings: `+` is a space, `%2B` a plus.
            let spaced = try await harness.request(.get, "/api/v1/conversations?q=water+please", token: org.adminToken)
            #expect(spaced.json["items"]?.array.compactMap { $0["id"]?.int } == [try #require(b.json["conversation_id"]?.int)])
            let plus = try await harness.request(.get, "/api/v1/conversations?q=water%2Bplease", token: org.adminToken)
            #expect(plus.json["items"]?.array.isEmpty == true)
            let unassigned = try await harness.request(.get, "/api/v1/conversations?assignee_id=none&status=open", token: org.adminToken)
            #expect(unassigned.json["items"]?.array.count == 2)
            let badFilter = try await harness.request(.get, "/api/v1/conversations?status=bogus", token: org.adminToken)
            #expect(badFilter.status == .unprocessableContent)
            #expect(try await harness.request(.get, "/api/v1/conversations/999999", token: org.adminToken).status == .notFound)
            #expect(try await harness.request(.get, "/api/v1/conversations/abc", token: org.adminToken).status == .notFound)

            let contactA = try #require(a.json["contact_id"]?.int)
            let contactB = try #require(b.json["contact_id"]?.int)
            let patched = try await harness.request(
                .patch, "/api/v1/contacts/\(contactA)", token: org.adminToken, json: #"{"attributes": {"age": 17, "city": "Lviv"}}"#
            )
            #expect(patched.json["attributes"]?["age"]?.int == 17)
            let merged = try await harness.request(
                .post, "/api/v1/contacts/\(contactA)/merge", token: org.adminToken, json: #"{"other_id": \#(contactB)}"#
            )
            #expect(merged.status == .ok)
            #expect(merged.json["identities"]?.array.count == 2)
            #expect(merged.json["conversations"]?.array.count == 2)
            #expect(try await harness.request(.get, "/api/v1/contacts/\(contactB)", token: org.adminToken).status == .notFound)
            // The merged person writes again through the second identity: it lands on the merged contact.
            let again = try await org.post(inbox: inbox, externalID: "3", sender: "web-user", content: "Still need water")
            #expect(again.json["contact_id"]?.int == contactA)
        }
    }

    @Test("pagination walks every conversation exactly once while new ones arrive")
    func pagination() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            for index in 0..<23 {
                try await org.post(inbox: inbox, externalID: "m\(index)", sender: "person-\(index)")
            }
            var seen: [Int64] = []
            var cursor: String?
            var round = 0
            repeat {
                let query = cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? ""
                let page = try await harness.request(.get, "/api/v1/conversations?limit=5\(query)", token: org.adminToken)
                #expect(page.status == .ok)
                seen += page.json["items"]?.array.compactMap { $0["id"]?.int } ?? []
                cursor = page.json["next_cursor"]?.string
                // New conversations and new messages in old ones arrive during the walk.
                try await org.post(inbox: inbox, externalID: "new\(round)", sender: "newcomer-\(round)")
                try await org.post(inbox: inbox, externalID: "more\(round)", sender: "person-\(round)")
                round += 1
            } while cursor != nil && round < 20
            #expect(seen.count == 23)
            #expect(Set(seen).count == 23)
            let badCursor = try await harness.request(.get, "/api/v1/conversations?cursor=nonsense", token: org.adminToken)
            #expect(badCursor.status == .unprocessableContent)

            let conversation = try #require(seen.first)
            for index in 0..<7 {
                _ = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"content": "reply \#(index)"}"#
                )
            }
            var messages: [Int64] = []
            cursor = nil
            repeat {
                let query = cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? ""
                let page = try await harness.request(
                    .get, "/api/v1/conversations/\(conversation)/messages?limit=3\(query)", token: org.adminToken
                )
                messages += page.json["items"]?.array.compactMap { $0["id"]?.int } ?? []
                cursor = page.json["next_cursor"]?.string
            } while cursor != nil
            #expect(messages == messages.sorted())
            #expect(Set(messages).count == messages.count)
            let stored = try await harness.count("SELECT count(*)::int FROM messages WHERE conversation_id = \(conversation)")
            #expect(messages.count == stored)
        }
    }
}
