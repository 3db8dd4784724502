import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@Suite("Audit trail")
struct AuditTrailTests {
    @Test("reading a conversation, a failed sign-in and setup changes appear with their actor; agents may not read it")
    func auditTrail() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let agent = try await org.agent(name: "Mykola")
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            let posted = try await org.post(inbox: inbox, externalID: "m1", sender: "u1")
            let conversation = try #require(posted.json["conversation_id"]?.int)
            for _ in 0..<3 {
                _ = try await harness.request(.get, "/api/v1/conversations/\(conversation)", token: org.adminToken)
            }
            let viewed = try await harness.request(
                .get, "/api/v1/audit_events?action=conversation.viewed&subject_id=\(conversation)", token: org.adminToken
            )
            #expect(viewed.status == .ok, "\(viewed.text)")
            let views = viewed.json["items"]?.array ?? []
            #expect(views.count == 1, "once per agent and conversation in 10 minutes: \(viewed.text)")
            #expect(views.first?["actor"]?["id"]?.int == org.adminID)
            #expect(views.first?["subject_type"]?.string == "conversation")

            let email = "\(UUID().uuidString)@example.org"
            let withPassword = try await harness.request(
                .post, "/api/v1/agents", token: org.adminToken,
                json: #"{"name": "Oksana", "email": "\#(email)", "role": "agent", "password": "correct horse battery"}"#
            )
            let oksana = try #require(withPassword.json["id"]?.int)
            let failed = try await harness.request(
                .post, "/api/v1/auth/login", json: #"{"email": "\#(email)", "password": "wrong"}"#
            )
            #expect(failed.status == .unauthorized)
            let failures = try await harness.request(
                .get, "/api/v1/audit_events?action=auth.login_failed", token: org.adminToken
            )
            #expect(failures.json["items"]?[0]?["subject_id"]?.int == oksana)
            #expect(failures.json["items"]?[0]?["actor"]?.isNull == true)

            let rule = try await harness.request(
                .patch, "/api/v1/inboxes/\(inbox)", token: org.adminToken,
                json: #"{"channel": {"config": {"secret": "a-new-secret-of-some-length"}}}"#
            )
            #expect(rule.status == .ok, "\(rule.text)")
            let changes = try await harness.request(
                .get, "/api/v1/audit_events?subject_type=inbox&subject_id=\(inbox)", token: org.adminToken
            )
            let change = try #require(changes.json["items"]?.array.first { $0["action"]?.string == "inbox.updated" })
            #expect(change["actor"]?["id"]?.int == org.adminID)
            #expect(change["data"]?["config_keys"] == .array([.string("secret")]))
            #expect(!changes.text.contains("a-new-secret-of-some-length"), "values of secrets never reach the trail")

            let forbidden = try await harness.request(.get, "/api/v1/audit_events", token: agent.token)
            #expect(forbidden.status == .forbidden)
            let badDate = try await harness.request(.get, "/api/v1/audit_events?from=soon", token: org.adminToken)
            #expect(badDate.status == .unprocessableContent)
            let page = try await harness.request(.get, "/api/v1/audit_events?limit=1", token: org.adminToken)
            let cursor = try #require(page.json["next_cursor"]?.string)
            let next = try await harness.request(.get, "/api/v1/audit_events?limit=1&cursor=\(cursor)", token: org.adminToken)
            #expect(next.json["items"]?[0]?["id"]?.int ?? 0 < page.json["items"]?[0]?["id"]?.int ?? 0)
        }
    }
}
