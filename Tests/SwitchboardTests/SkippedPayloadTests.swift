import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import switchboard

/// Nothing a person sends is silently dropped: what is acknowledged is either stored or listed in the
/// inbox's `skipped` list with the reason, and a lost person's message shows in the inbox's health.
@Suite("Skipped payloads")
struct SkippedPayloadTests {
    static func skipped(_ org: TestAccount, inboxID: Int64, query: String = "") async throws -> Reply {
        try await org.harness.request(.get, "/api/v1/inboxes/\(inboxID)/skipped\(query)", token: org.adminToken)
    }

    @Test("a Telegram text with NUL is stored with U+FFFD; a group message is listed as skipped, with its payload and the metric")
    func telegramNulAndGroupChat() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await TelegramWebhookTests.inbox(org, base: "http://127.0.0.1:9")
            let nul = TelegramWebhookTests.textUpdate(id: 1, messageID: 1, text: #"t\u0000"#)
            #expect(try await TelegramWebhookTests.update(harness, uid: inbox.uid, nul).status == .ok)
            let conversation = try await MessengerWebhookTests.onlyConversation(org)
            #expect(conversation.messages.first?["content"]?.string == "t\u{FFFD}")

            let group = #"""
                {"update_id": 2, "message": {"message_id": 7, "from": {"id": 5, "is_bot": false, "first_name": "Ann"},
                 "chat": {"id": -100200, "type": "supergroup", "title": "Volunteers"}, "date": 1763900000, "text": "hello all"}}
                """#
            #expect(try await TelegramWebhookTests.update(harness, uid: inbox.uid, group).status == .ok)
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == 1)
            let list = try await Self.skipped(org, inboxID: inbox.id)
            #expect(list.status == .ok)
            let item = try #require(list.json["items"]?[0])
            #expect(item["reason"]?.string?.contains("supergroup") == true)
            #expect(item["category"]?.string == "ignored")
            #expect(item["from_person"]?.bool == false)
            #expect(item["payload"]?.string == group)
            #expect(item["received_at"]?.string != nil)
            #expect(list.json["next_cursor"] != nil)
            // Skipped on purpose is not a lost message: the health stays clear of it.
            let shown = try await harness.request(.get, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken)
            #expect(shown.json["health"]?["last_skipped_message"] == .null)

            let metrics = try await harness.request(.get, "/metrics")
            #expect(metrics.text.contains(#"switchboard_skipped_total{channel="telegram",reason="ignored"}"#))
        }
    }

    @Test("an unreadable person's message is kept with its payload and shows in the inbox's health")
    func unreadableMessageShowsInHealth() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await TelegramWebhookTests.inbox(org, base: "http://127.0.0.1:9")
            let broken = #"{"update_id": 3, "message": {"message_id": "not a number", "text": "help me"}}"#
            #expect(try await TelegramWebhookTests.update(harness, uid: inbox.uid, broken).status == .ok)
            let list = try await Self.skipped(org, inboxID: inbox.id)
            let item = try #require(list.json["items"]?[0])
            #expect(item["category"]?.string == "unreadable")
            #expect(item["from_person"]?.bool == true)
            #expect(item["external_id"]?.string == "3")
            #expect(item["payload"]?.string == broken)
            let shown = try await harness.request(.get, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken)
            #expect(shown.json["health"]?["last_skipped_message"]?["reason"]?.string?.contains("shape") == true)
            #expect(shown.json["health"]?["last_skipped_message"]?["at"]?.string != nil)
        }
    }

    @Test("the list pages newest first, refuses a forged cursor with 422 and agents with 403; older than 30 days is gone")
    func pagingAccessAndRetention() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await TelegramWebhookTests.inbox(org, base: "http://127.0.0.1:9")
            for id in 10..<13 {
                #expect(try await TelegramWebhookTests.update(harness, uid: inbox.uid, #"{"update_id": \#(id)}"#).status == .ok)
            }
            let first = try await Self.skipped(org, inboxID: inbox.id, query: "?limit=2")
            let firstItems = first.json["items"]?.array ?? []
            #expect(firstItems.count == 2)
            let cursor = try #require(first.json["next_cursor"]?.string)
            let second = try await Self.skipped(org, inboxID: inbox.id, query: "?limit=2&cursor=\(cursor)")
            #expect(second.json["items"]?.array.count == 1)
            #expect(second.json["next_cursor"] == .null)
            let ids = (firstItems + (second.json["items"]?.array ?? [])).compactMap { $0["id"]?.int }
            #expect(ids == ids.sorted(by: >) && Set(ids).count == 3)

            let forged = try await Self.skipped(org, inboxID: inbox.id, query: "?cursor=nope")
            #expect(forged.status == .unprocessableContent)
            #expect(forged.json["errors"]?[0]?["field"]?.string == "cursor")
            let agent = try await org.agent()
            let denied = try await harness.request(.get, "/api/v1/inboxes/\(inbox.id)/skipped", token: agent.token)
            #expect(denied.status == .forbidden)

            _ = try await harness.count("UPDATE skipped_payloads SET received_at = now() - interval '31 days' RETURNING 0")
            #expect(try await Self.skipped(org, inboxID: inbox.id).json["items"]?.array.isEmpty == true)
        }
    }

    @Test("WhatsApp: a sender known only by user id, later with a phone, stays one contact; replies go to what WhatsApp accepts")
    func whatsAppUserIDThenPhone() async throws {
        try await Harness.run { harness in
            let platform = FakePlatform()
            try await platform.serve { base in
                let org = try await harness.account()
                let appSecret = "wa-secret"
                let inbox = try await MessengerWebhookTests.inbox(
                    org, kind: "whatsapp",
                    config: #"{"phone_number_id": "1099", "access_token": "EAAG", "app_secret": "\#(appSecret)", "verify_token": "v", "api_base_url": "\#(base)"}"#
                )
                func post(_ body: String) async throws -> Reply {
                    let signature = "sha256=" + MessengerWebhookTests.hmacHex(body, key: appSecret)
                    return try await MessengerWebhookTests.post(
                        harness, uid: inbox.uid, body, headers: [MessengerWebhookTests.field("X-Hub-Signature-256"): signature]
                    )
                }
                func notification(id: String, from: String?, text: String) -> String {
                    let phone = from.map { #""from": "\#($0)", "# } ?? ""
                    let waID = from.map { #", "wa_id": "\#($0)""# } ?? ""
                    return #"""
                        {"object": "whatsapp_business_account", "entry": [{"id": "W", "changes": [{"field": "messages", "value": {
                          "messaging_product": "whatsapp", "metadata": {"display_phone_number": "1555", "phone_number_id": "1099"},
                          "contacts": [{"profile": {"username": "@maria.h"}, "user_id": "UA.1502576394655843"\#(waID)}],
                          "messages": [{\#(phone)"from_user_id": "UA.1502576394655843", "id": "\#(id)", "timestamp": "1763900000",
                                        "type": "text", "text": {"body": "\#(text)"}}]}}]}]}
                        """#
                }
                #expect(try await post(notification(id: "wamid.A", from: nil, text: "Доброго дня")).status == .ok)
                var conversation = try await MessengerWebhookTests.onlyConversation(org)
                #expect(conversation.messages.count == 1)
                let contactID = try #require(conversation.messages.first?["sender"]?["id"]?.int)
                let contact = try await harness.request(.get, "/api/v1/contacts/\(contactID)", token: org.adminToken)
                #expect(contact.json["name"]?.string == "@maria.h")

                // Replies to a person known only by user id go as `recipient`, never as `to`.
                await platform.answer("/1099/messages", with: .json(#"{"messages":[{"id":"wamid.OUT1"}]}"#))
                _ = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation.id)/messages", token: org.adminToken, json: #"{"content": "Слухаємо"}"#
                )
                #expect(try await harness.assembly.deliveryWorker(DeliveryWorker.Settings()).runOnce() == 1)
                let sent = try #require(await platform.requests(endingWith: "/1099/messages").first)
                #expect(sent.json["recipient"] as? String == "UA.1502576394655843")
                #expect(sent.json["to"] == nil)

                // The same person later writes with their phone: the same contact, now reachable by both.
                #expect(try await post(notification(id: "wamid.B", from: "380501234567", text: "Це знову я")).status == .ok)
                conversation = try await MessengerWebhookTests.onlyConversation(org)
                #expect(conversation.messages.filter { $0["direction"]?.string == "in" }.count == 2)
                #expect(try await harness.count("SELECT count(*)::int FROM contacts") == 1)
                let identities = try await harness.request(.get, "/api/v1/contacts/\(contactID)", token: org.adminToken)
                #expect(identities.json["identities"]?.array.count == 2)
                #expect(identities.json["phone"]?.string == "+380501234567")
            }
        }
    }
}
