import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

/// The same person on a phone line and a messenger, their number written nationally on one and
/// internationally on the other: two contacts, each offered the other as a merge.
@Suite("Suggested merges")
struct SuggestedMergeTests {
    @Test("a caller and a messenger contact with one number in two formats suggest each other; merged, the suggestion goes")
    func samePhone() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let phone = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "Hotline", "channel": {"kind": "phone", "config": {"default_country_code": "380"}}}"#
            )
            let hotline = try #require(phone.json["id"]?.int)
            let call = try await harness.request(
                .post, "/api/v1/inboxes/\(hotline)/calls", token: org.adminToken,
                json: #"{"call_id": "c1", "event": "hangup", "direction": "in", "from": "+380 67 123 45 67", "to": "+380441234567", "cause": "no_answer"}"#
            )
            let caller = try #require(call.json["contact_id"]?.int, "\(call.text)")

            let chat = try #require(try await org.apiInbox()["id"]?.int)
            func write(_ id: String, phone: String) async throws -> Int64 {
                let reply = try await harness.request(
                    .post, "/api/v1/inboxes/\(chat)/messages", token: org.adminToken,
                    json: #"{"external_id": "\#(id)", "sender": {"external_id": "\#(id)", "name": "Olena", "phone": "\#(phone)"}, "content": "Hi"}"#
                )
                return try #require(reply.json["contact_id"]?.int, "\(reply.text)")
            }
            let writer = try await write("v1", phone: "067 123 45 67")
            let stranger = try await write("v2", phone: "+380 50 111 22 33")
            #expect(writer != caller, "two contacts: the numbers are written differently")

            let shown = try await harness.request(.get, "/api/v1/contacts/\(writer)", token: org.adminToken)
            let suggestions = shown.json["suggested_merges"]?.array ?? []
            #expect(suggestions.count == 1)
            #expect(suggestions.first?["contact_id"]?.int == caller)
            #expect(suggestions.first?["reason"]?.string == "same_phone")
            #expect(suggestions.first?["phone"]?.string == "+380671234567")
            let back = try await harness.request(.get, "/api/v1/contacts/\(caller)", token: org.adminToken)
            #expect(back.json["suggested_merges"]?.array.compactMap { $0["contact_id"]?.int } == [writer])
            let alone = try await harness.request(.get, "/api/v1/contacts/\(stranger)", token: org.adminToken)
            #expect(alone.json["suggested_merges"]?.array.isEmpty == true)

            // Only those who may merge are offered it.
            let supervisor = try await org.agent(role: "supervisor")
            let seen = try await harness.request(.get, "/api/v1/contacts/\(writer)", token: supervisor.token)
            #expect(seen.json["suggested_merges"]?.array.count == 1)

            let merged = try await harness.request(
                .post, "/api/v1/contacts/\(writer)/merge", token: org.adminToken, json: #"{"other_id": \#(caller)}"#
            )
            #expect(merged.status == .ok, "\(merged.text)")
            #expect(merged.json["suggested_merges"]?.array.isEmpty == true)
        }
    }
}
