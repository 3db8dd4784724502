import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@Suite("Phone calls: call events from a telephony provider")
struct PhoneCallTests {
    static func phoneInbox(_ org: TestAccount, config: String = #"{"default_country_code": "380"}"#) async throws -> Int64 {
        let reply = try await org.harness.request(
            .post, "/api/v1/inboxes", token: org.adminToken,
            json: #"{"name": "Hotline", "channel": {"kind": "phone", "config": \#(config)}}"#
        )
        guard reply.status == .created, let id = reply.json["id"]?.int else {
            throw TestSetupError("phone inbox: \(reply.status) \(reply.text)")
        }
        return id
    }

    static func call(
        _ org: TestAccount, _ inbox: Int64, _ callID: String, _ event: String, direction: String = "in",
        from: String = "+380 67 123 45 67", to: String = "+380441234567", extra: String = ""
    ) async throws -> Reply {
        try await org.harness.request(
            .post, "/api/v1/inboxes/\(inbox)/calls", token: org.adminToken,
            json: #"{"call_id": "\#(callID)", "event": "\#(event)", "direction": "\#(direction)", "from": "\#(from)", "to": "\#(to)"\#(extra)}"#
        )
    }

    @Test("ringing then hang-up without an answer is one missed-call request, open and waiting; repeats change nothing")
    func missedCall() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await Self.phoneInbox(org)
            let ringing = try await Self.call(org, inbox, "c-1", "ringing", extra: #", "at": "2026-03-02T09:00:00Z""#)
            #expect(ringing.status == .ok)
            #expect(ringing.json["status"]?.string == "ringing")
            let hangup = try await Self.call(org, inbox, "c-1", "hangup", extra: #", "at": "2026-03-02T09:00:30Z", "cause": "no_answer""#)
            #expect(hangup.status == .ok)
            #expect(hangup.json["status"]?.string == "missed")
            let conversationID = try #require(hangup.json["conversation_id"]?.int)

            let conversation = try await harness.request(.get, "/api/v1/conversations/\(conversationID)", token: org.adminToken)
            #expect(conversation.json["status"]?.string == "open")
            let contactID = try #require(hangup.json["contact_id"]?.int)
            let contact = try await harness.request(.get, "/api/v1/contacts/\(contactID)", token: org.adminToken)
            #expect(contact.json["phone"]?.string == "+380671234567")
            #expect(
                try await harness.count(
                    "SELECT count(*)::int FROM conversations WHERE id = \(conversationID) AND waiting_since IS NOT NULL"
                ) == 1
            )
            let messages = try await harness.request(.get, "/api/v1/conversations/\(conversationID)/messages", token: org.adminToken)
            #expect(messages.json["items"]?.array.count == 1)
            let message = try #require(messages.json["items"]?[0])
            #expect(message["content"]?.string == "Missed call from +380671234567")
            #expect(message["direction"]?.string == "in")
            #expect(message["call"]?["status"]?.string == "missed")
            #expect(message["call"]?["from"]?.string == "+380671234567")
            #expect(message["call"]?["at"]?.string?.hasPrefix("2026-03-02T09:00:30") == true)

            // The provider retries both events: the same answers, nothing new.
            let again = try await Self.call(org, inbox, "c-1", "hangup", extra: #", "at": "2026-03-02T09:00:30Z""#)
            #expect(again.status == .ok)
            #expect(again.json == hangup.json)
            // A repeat answers the call as it stands now: the ringing retried after the hang-up hears "missed".
            let ringingAgain = try await Self.call(org, inbox, "c-1", "ringing")
            #expect(ringingAgain.json["status"]?.string == "missed")
            #expect(ringingAgain.json["conversation_id"] == hangup.json["conversation_id"])
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM conversations") == 1)
            #expect(try await harness.count("SELECT count(*)::int FROM calls WHERE status = 'missed'") == 1)

            // A second missed call from the same caller joins their open conversation.
            let second = try await Self.call(org, inbox, "c-2", "hangup", from: "0671234567")
            #expect(second.json["conversation_id"]?.int == conversationID)
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE call->>'status' = 'missed'") == 2)

            // Erasing the caller takes their number off the calls and messages too.
            let erased = try await harness.request(
                .post, "/api/v1/contacts/\(contactID)/erase", token: org.adminToken, json: #"{"confirm": true}"#
            )
            #expect(erased.status == .ok)
            #expect(try await harness.count("SELECT count(*)::int FROM calls WHERE from_number LIKE '%671234567%'") == 0)
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE call IS NOT NULL") == 0)
            #expect(try await harness.count("SELECT count(*)::int FROM call_events WHERE raw_payload IS NOT NULL") == 0)
        }
    }

    @Test("ringing, answered, hang-up is an answered-call message and no request")
    func answeredCall() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await Self.phoneInbox(org)
            _ = try await Self.call(org, inbox, "a-1", "ringing", extra: #", "at": "2026-03-02T10:00:00Z""#)
            let answered = try await Self.call(
                org, inbox, "a-1", "answered", extra: #", "at": "2026-03-02T10:00:05Z", "agent_email": "olena@example.org""#
            )
            #expect(answered.json["status"]?.string == "answered")
            let hangup = try await Self.call(
                org, inbox, "a-1", "hangup",
                extra: #", "at": "2026-03-02T10:02:05Z", "duration_seconds": 120, "recording_url": "https://pbx.example.org/r/a-1.mp3""#
            )
            #expect(hangup.status == .ok)
            #expect(hangup.json["status"]?.string == "completed")
            let conversationID = try #require(hangup.json["conversation_id"]?.int)
            let messages = try await harness.request(.get, "/api/v1/conversations/\(conversationID)/messages", token: org.adminToken)
            let message = try #require(messages.json["items"]?[0])
            #expect(message["call"]?["status"]?.string == "answered")
            #expect(message["call"]?["duration_seconds"]?.int == 120)
            #expect(message["call"]?["agent"]?.string == "olena@example.org")
            #expect(message["call"]?["recording_url"]?.string == "https://pbx.example.org/r/a-1.mp3")
            #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE call->>'status' = 'missed'") == 0)
            // Logged, not a request: nobody waits for it and nothing is open.
            #expect(try await harness.count("SELECT count(*)::int FROM conversations WHERE status <> 'resolved'") == 0)
            #expect(try await harness.count("SELECT count(*)::int FROM conversations WHERE waiting_since IS NOT NULL") == 0)
            let repeated = try await Self.call(org, inbox, "a-1", "hangup", extra: #", "duration_seconds": 120"#)
            #expect(repeated.json == hangup.json)
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 1)
        }
    }

    @Test("a caller whose number is a known contact's phone lands on that contact")
    func matchesContactByPhone() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let api = try #require(try await org.apiInbox()["id"]?.int)
            let wrote = try await harness.request(
                .post, "/api/v1/inboxes/\(api)/messages", token: org.adminToken,
                json: #"{"external_id": "v-1", "sender": {"external_id": "viber-77", "name": "Taras", "phone": "+380 (67) 765-43-21"}, "content": "Hello"}"#
            )
            let contactID = try #require(wrote.json["contact_id"]?.int)
            let inbox = try await Self.phoneInbox(org)
            let missed = try await Self.call(org, inbox, "m-1", "hangup", from: "067 765 43 21")
            #expect(missed.status == .ok)
            #expect(missed.json["contact_id"]?.int == contactID)
            #expect(try await harness.count("SELECT count(*)::int FROM contacts") == 1)
            let contact = try await harness.request(.get, "/api/v1/contacts/\(contactID)", token: org.adminToken)
            #expect(contact.json["name"]?.string == "Taras")
        }
    }

    @Test("bad call events are 422 naming the field, and nothing is stored")
    func badInput() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await Self.phoneInbox(org)
            let cases: [(String, String)] = [
                (#"{"call_id": "x", "event": "ringing-ish", "direction": "in", "from": "+380671234567", "to": "1"}"#, "event"),
                (#"{"event": "hangup", "direction": "in", "from": "+380671234567", "to": "1"}"#, "call_id"),
                (#"{"call_id": "x", "event": "hangup", "direction": "in", "from": "call me maybe", "to": "1"}"#, "from"),
                (#"{"call_id": "x", "event": "hangup", "direction": "in", "from": "+380671234567", "to": "1", "duration_seconds": -5}"#, "duration_seconds"),
                (#"{"call_id": "x", "event": "hangup", "direction": "sideways", "from": "+380671234567", "to": "1"}"#, "direction"),
                (#"{"call_id": "x", "event": "hangup", "direction": "in", "from": "+380671234567", "to": "1", "at": "yesterday"}"#, "at"),
                (#"{"call_id": 7, "event": "hangup", "direction": "in", "from": "+380671234567", "to": "1"}"#, "call_id"),
            ]
            for (body, field) in cases {
                let reply = try await harness.request(.post, "/api/v1/inboxes/\(inbox)/calls", token: org.adminToken, json: body)
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(reply.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(reply.text.contains("\"\(field)\""), "\(body) → \(reply.text)")
            }
            let notJSON = try await harness.request(.post, "/api/v1/inboxes/\(inbox)/calls", token: org.adminToken, json: "[1, 2]")
            #expect(notJSON.status.code < 500)
            for table in ["calls", "call_events", "messages", "conversations", "contacts"] {
                #expect(try await harness.count("SELECT count(*)::int FROM \(table)") == 0, "\(table)")
            }
            // Other inboxes take no calls; phone inboxes check their settings.
            let api = try #require(try await org.apiInbox()["id"]?.int)
            let wrongKind = try await Self.call(org, api, "x", "hangup")
            #expect(wrongKind.status == .conflict)
            let badConfig = try await harness.request(
                .post, "/api/v1/inboxes", token: org.adminToken,
                json: #"{"name": "Hotline", "channel": {"kind": "phone", "config": {"default_country_code": "+38O"}}}"#
            )
            #expect(badConfig.status == .unprocessableContent)
            #expect(badConfig.text.contains("channel.config.default_country_code"))
        }
    }
}
