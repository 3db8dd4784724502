import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

/// Tokens listed without themselves, revoked at once; deactivated agents keep their history and lose access.
@Suite struct TokenRevocationTests {
    @Test func anAgentListsAndRevokesTheirOwnTokensAndNobodyElses() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let olena = try await org.agent(role: "agent")
            let other = try await org.agent(role: "agent", name: "Petro")
            let second = try await harness.request(
                .post, "/api/v1/agents/\(olena.id)/tokens", token: olena.token, json: #"{"name": "phone"}"#
            )
            let secondToken = try #require(second.json["token"]?.string)
            #expect(try await harness.request(.get, "/api/v1/conversations", token: secondToken).status == .ok)

            let list = try await harness.request(.get, "/api/v1/agents/\(olena.id)/tokens", token: olena.token)
            #expect(list.status == .ok)
            let items = list.json["items"]?.array ?? []
            #expect(items.count == 2)
            #expect(Set(items.compactMap { $0["prefix"]?.string }) == [AccessToken.prefix(olena.token), AccessToken.prefix(secondToken)])
            #expect(!list.text.contains(olena.token) && !list.text.contains(secondToken))
            let phone = try #require(items.first { $0["name"]?.string == "phone" })
            #expect(phone["last_used_at"]?.string != nil, "used once")
            #expect(try await harness.request(.get, "/api/v1/agents/\(olena.id)/tokens", token: org.adminToken).status == .ok)
            #expect(try await harness.request(.get, "/api/v1/agents/\(olena.id)/tokens", token: other.token).status == .forbidden)
            let phoneID = try #require(phone["id"]?.int)
            #expect(
                try await harness.request(.delete, "/api/v1/agents/\(olena.id)/tokens/\(phoneID)", token: other.token).status
                    == .forbidden
            )
            #expect(
                try await harness.request(.delete, "/api/v1/agents/\(other.id)/tokens/\(phoneID)", token: other.token).status
                    == .notFound,
                "a token of someone else is not found under one's own id"
            )

            let own = try #require(items.first { $0["name"]?.string != "phone" }?["id"]?.int)
            let itself = try await harness.request(.delete, "/api/v1/agents/\(olena.id)/tokens/\(own)", token: olena.token)
            #expect(itself.status == .conflict, "the token making the request does not revoke itself")

            let revoked = try await harness.request(.delete, "/api/v1/agents/\(olena.id)/tokens/\(phoneID)", token: olena.token)
            #expect(revoked.status == .noContent)
            #expect(try await harness.request(.get, "/api/v1/conversations", token: secondToken).status == .unauthorized)
            #expect(try await harness.request(.get, "/api/v1/conversations", token: olena.token).status == .ok)
            let again = try await harness.request(.delete, "/api/v1/agents/\(olena.id)/tokens/\(phoneID)", token: olena.token)
            #expect(again.status == .notFound)
        }
    }

    @Test func aDeactivatedAgentKeepsTheirHistoryButLosesAccessAtOnce() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let email = "\(UUID().uuidString)@example.org"
            let created = try await harness.request(
                .post, "/api/v1/agents", token: org.adminToken,
                json: #"{"name": "Iryna", "email": "\#(email)", "role": "supervisor", "password": "correct horse"}"#
            )
            let id = try #require(created.json["id"]?.int)
            let login = #"{"email": "\#(email)", "password": "correct horse"}"#
            let signedIn = try await harness.request(.post, "/api/v1/auth/login", json: login)
            let token = try #require(signedIn.json["token"]?.string, "\(signedIn.text)")
            #expect(try await harness.request(.patch, "/api/v1/agents/\(id)", token: token, json: #"{"availability": "online"}"#).status == .ok)
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let posted = try await org.post(inbox: inbox, externalID: "m1", sender: "s1")
            let conversation = try #require(posted.json["conversation_id"]?.int)
            let reply = try await harness.request(
                .post, "/api/v1/conversations/\(conversation)/messages", token: token, json: #"{"content": "I am here"}"#
            )
            #expect(reply.status == .created)

            let supervisor = try await org.agent(role: "supervisor")
            let bySupervisor = try await harness.request(
                .patch, "/api/v1/agents/\(id)", token: supervisor.token, json: #"{"active": false}"#
            )
            #expect(bySupervisor.status == .forbidden)
            let selfAdmin = try await harness.request(
                .patch, "/api/v1/agents/\(org.adminID)", token: org.adminToken, json: #"{"active": false}"#
            )
            #expect(selfAdmin.status == .unprocessableContent && selfAdmin.text.contains("active"))

            let off = try await harness.request(.patch, "/api/v1/agents/\(id)", token: org.adminToken, json: #"{"active": false}"#)
            #expect(off.status == .ok)
            #expect(off.json["active"] == .bool(false) && off.json["availability"]?.string == "offline")
            #expect(try await harness.request(.get, "/api/v1/conversations", token: token).status == .unauthorized)
            let refused = try await harness.request(.post, "/api/v1/auth/login", json: login)
            #expect(refused.status == .unauthorized, "sign-in refused like a wrong password")
            let history = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            #expect(history.text.contains("I am here"), "history kept")
            let listed = try await harness.request(.get, "/api/v1/agents", token: org.adminToken)
            #expect(listed.json["items"]?.array.contains { $0["id"]?.int == id && $0["active"] == .bool(false) } == true)
            // Assignment passes them by even when someone sets them online.
            _ = try await harness.request(.patch, "/api/v1/agents/\(id)", token: org.adminToken, json: #"{"availability": "online"}"#)
            #expect(try await harness.count("SELECT count(*)::int FROM agents WHERE id = \(id) AND active = false") == 1)

            let back = try await harness.request(.patch, "/api/v1/agents/\(id)", token: org.adminToken, json: #"{"active": true}"#)
            #expect(back.json["active"] == .bool(true))
            #expect(try await harness.request(.post, "/api/v1/auth/login", json: login).status == .ok)
        }
    }
}
