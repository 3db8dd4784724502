import Crypto
import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import switchboard

/// WhatsApp, Viber and VK through the server: handshakes, signed intake, receipts on our replies,
/// and replies leaving through each platform's API (played by a local server).
@Suite("Messengers through the server")
struct MessengerWebhookTests {
    static func inbox(_ org: TestAccount, kind: String, config: String) async throws -> (id: Int64, uid: String) {
        let reply = try await org.harness.request(
            .post, "/api/v1/inboxes", token: org.adminToken,
            json: #"{"name": "\#(kind)", "channel": {"kind": "\#(kind)", "config": \#(config)}}"#
        )
        guard reply.status == .created, let id = reply.json["id"]?.int, let uid = reply.json["uid"]?.string else {
            throw TestSetupError("inbox: \(reply.status) \(reply.text)")
        }
        return (id, uid)
    }

    static func hmacHex(_ body: String, key: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(key.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func post(_ harness: Harness, uid: String, _ body: String, headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        headers[.contentType] = "application/json"
        return try await harness.request(.post, "/webhooks/\(uid)", body: ByteBuffer(string: body), headers: headers)
    }

    static func field(_ name: String) -> HTTPField.Name { HTTPField.Name(name)! }

    /// The one conversation of the account and its messages, oldest first.
    static func onlyConversation(_ org: TestAccount) async throws -> (id: Int64, messages: [JSONValue]) {
        let list = try await org.harness.request(.get, "/api/v1/conversations", token: org.adminToken)
        let id = Int64(try #require(list.json["items"]?[0]?["id"]?.int))
        let messages = try await org.harness.request(.get, "/api/v1/conversations/\(id)/messages", token: org.adminToken)
        return (id, messages.json["items"]?.array ?? [])
    }

    @Test("WhatsApp: the GET handshake echoes the challenge; signed messages are stored once; receipts move our reply to read")
    func whatsApp() async throws {
        try await Harness.run { harness in
            let platform = FakePlatform()
            try await platform.serve { base in
                let org = try await harness.account()
                let appSecret = "wa-app-secret"
                let inbox = try await Self.inbox(
                    org, kind: "whatsapp",
                    config: #"{"phone_number_id": "1099", "access_token": "EAAG-token", "app_secret": "\#(appSecret)", "verify_token": "verify-me", "api_base_url": "\#(base)"}"#
                )
                let challenge = try await harness.request(
                    .get, "/webhooks/\(inbox.uid)?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444"
                )
                #expect(challenge.status == .ok)
                #expect(challenge.text == "1158201444")
                let wrong = try await harness.request(
                    .get, "/webhooks/\(inbox.uid)?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"
                )
                #expect(wrong.status == .forbidden)

                let message = #"""
                    {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
                      "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"1099"},
                      "contacts":[{"profile":{"name":"Марія"},"wa_id":"380501234567"}],
                      "messages":[{"from":"380501234567","id":"wamid.IN1","timestamp":"1763900000","type":"text",
                                   "text":{"body":"Добрий день 🌻"}}]}}]}]}
                    """#
                let signature = "sha256=" + Self.hmacHex(message, key: appSecret)
                let forged = try await Self.post(
                    harness, uid: inbox.uid, message, headers: [Self.field("X-Hub-Signature-256"): "sha256=" + String(repeating: "0", count: 64)]
                )
                #expect(forged.status == .unauthorized)
                for _ in 0..<2 {
                    let accepted = try await Self.post(harness, uid: inbox.uid, message, headers: [Self.field("X-Hub-Signature-256"): signature])
                    #expect(accepted.status == .ok)
                }
                var conversation = try await Self.onlyConversation(org)
                #expect(conversation.messages.count == 1)
                #expect(conversation.messages.first?["content"]?.string == "Добрий день 🌻")

                await platform.answer(
                    "/1099/messages",
                    with: .json(#"{"messaging_product":"whatsapp","contacts":[{"input":"380501234567","wa_id":"380501234567"}],"messages":[{"id":"wamid.OUT1"}]}"#)
                )
                _ = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation.id)/messages", token: org.adminToken, json: #"{"content": "Чим допомогти?"}"#
                )
                #expect(try await harness.assembly.deliveryWorker(DeliveryWorker.Settings()).runOnce() == 1)
                let sent = try #require(await platform.requests(endingWith: "/1099/messages").first)
                #expect(sent.headers[.authorization] == "Bearer EAAG-token")
                #expect(sent.json["to"] as? String == "380501234567")
                #expect((sent.json["text"] as? [String: Any])?["body"] as? String == "Чим допомогти?")

                for status in ["delivered", "read", "delivered"] {
                    let receipt = #"""
                        {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
                          "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"1099"},
                          "statuses":[{"id":"wamid.OUT1","status":"\#(status)","timestamp":"1763900100","recipient_id":"380501234567"}]}}]}]}
                        """#
                    let signed = "sha256=" + Self.hmacHex(receipt, key: appSecret)
                    #expect(try await Self.post(harness, uid: inbox.uid, receipt, headers: [Self.field("X-Hub-Signature-256"): signed]).status == .ok)
                }
                conversation = try await Self.onlyConversation(org)
                #expect(conversation.messages.last?["delivery_status"]?.string == "read", "a late 'delivered' never moves it back")
            }
        }
    }

    @Test("Viber: signed messages are stored once; 'seen' marks our reply read; unsubscribe marks the person unreachable")
    func viber() async throws {
        try await Harness.run { harness in
            let platform = FakePlatform()
            try await platform.serve { base in
                let org = try await harness.account()
                let token = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9"
                let inbox = try await Self.inbox(
                    org, kind: "viber", config: #"{"auth_token": "\#(token)", "bot_name": "Helpline", "api_base_url": "\#(base)"}"#
                )
                let message = #"""
                    {"event":"message","timestamp":1763900000000,"message_token":4912661846655238145,
                     "sender":{"id":"01234567890A=","name":"Андрій","language":"uk","country":"UA","api_version":1},
                     "message":{"type":"text","text":"Де найближчий пункт допомоги? 📍"}}
                    """#
                let signature = Self.hmacHex(message, key: token)
                #expect(
                    try await Self.post(harness, uid: inbox.uid, message, headers: [Self.field("X-Viber-Content-Signature"): Self.hmacHex(message, key: "another-token")]).status
                        == .unauthorized
                )
                for _ in 0..<2 {
                    #expect(try await Self.post(harness, uid: inbox.uid, message, headers: [Self.field("X-Viber-Content-Signature"): signature]).status == .ok)
                }
                var conversation = try await Self.onlyConversation(org)
                #expect(conversation.messages.count == 1)
                #expect(conversation.messages.first?["content"]?.string == "Де найближчий пункт допомоги? 📍")

                await platform.answer(
                    "/send_message", with: .json(#"{"status":0,"status_message":"ok","message_token":5741311803571721087}"#)
                )
                _ = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation.id)/messages", token: org.adminToken, json: #"{"content": "Ось адреса"}"#
                )
                #expect(try await harness.assembly.deliveryWorker(DeliveryWorker.Settings()).runOnce() == 1)
                let sent = try #require(await platform.requests(endingWith: "/send_message").first)
                #expect(sent.headers[Self.field("X-Viber-Auth-Token")] == token)
                #expect(sent.json["receiver"] as? String == "01234567890A=")
                #expect(sent.json["text"] as? String == "Ось адреса")

                let seen = #"{"event":"seen","timestamp":1763900200000,"message_token":5741311803571721087,"user_id":"01234567890A="}"#
                #expect(try await Self.post(harness, uid: inbox.uid, seen, headers: [Self.field("X-Viber-Content-Signature"): Self.hmacHex(seen, key: token)]).status == .ok)
                conversation = try await Self.onlyConversation(org)
                #expect(conversation.messages.last?["delivery_status"]?.string == "read")

                let gone = #"{"event":"unsubscribed","timestamp":1763900300000,"user_id":"01234567890A=","message_token":5741311803571721088}"#
                #expect(try await Self.post(harness, uid: inbox.uid, gone, headers: [Self.field("X-Viber-Content-Signature"): Self.hmacHex(gone, key: token)]).status == .ok)
                let contactID = try #require(try await harness.request(.get, "/api/v1/conversations/\(conversation.id)", token: org.adminToken).json["contact"]?["id"]?.int)
                let contact = try await harness.request(.get, "/api/v1/contacts/\(contactID)", token: org.adminToken)
                #expect(contact.json["identities"]?[0]?["reachable"] == .bool(false))
            }
        }
    }

    @Test("VK: the confirmation handshake answers the code; messages need the secret; the sender's name comes from users.get")
    func vk() async throws {
        try await Harness.run { harness in
            let platform = FakePlatform()
            try await platform.serve { base in
                let org = try await harness.account()
                let inbox = try await Self.inbox(
                    org, kind: "vk",
                    config: #"{"group_id": "218000000", "access_token": "vk1.a.token", "secret": "vk-secret", "confirmation_code": "5a7f9c21", "api_base_url": "\#(base)"}"#
                )
                let confirmation = try await Self.post(harness, uid: inbox.uid, #"{"type":"confirmation","group_id":218000000}"#)
                #expect(confirmation.status == .ok)
                #expect(confirmation.text == "5a7f9c21")

                await platform.answer(
                    "/users.get", with: .json(#"{"response":[{"id":700001,"first_name":"Дмитро","last_name":"Шевченко"}]}"#)
                )
                let message = #"""
                    {"type":"message_new","event_id":"3f1e0a7b9c","v":"5.199","group_id":218000000,"secret":"vk-secret",
                     "object":{"message":{"date":1763900000,"from_id":700001,"id":0,"out":0,"peer_id":700001,
                       "text":"Добрий вечір","conversation_message_id":17,"attachments":[]},"client_info":{}}}
                    """#
                let noSecret = message.replacingOccurrences(of: #""secret":"vk-secret","#, with: #""secret":"guess","#)
                #expect(try await Self.post(harness, uid: inbox.uid, noSecret).status == .unauthorized)
                for _ in 0..<2 {
                    let accepted = try await Self.post(harness, uid: inbox.uid, message)
                    #expect(accepted.status == .ok)
                    #expect(accepted.text == "ok")
                }
                let conversation = try await Self.onlyConversation(org)
                #expect(conversation.messages.count == 1)
                #expect(conversation.messages.first?["content"]?.string == "Добрий вечір")

                // The name arrives asynchronously after the message is stored.
                var name = ""
                for _ in 0..<50 {
                    let detail = try await harness.request(.get, "/api/v1/conversations/\(conversation.id)", token: org.adminToken)
                    name = detail.json["contact"]?["name"]?.string ?? ""
                    if name == "Дмитро Шевченко" { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(name == "Дмитро Шевченко")

                await platform.answer("/messages.send", with: .json(#"{"response":3541}"#))
                _ = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation.id)/messages", token: org.adminToken, json: #"{"content": "Вітаю!"}"#
                )
                #expect(try await harness.assembly.deliveryWorker(DeliveryWorker.Settings()).runOnce() == 1)
                let sent = try #require(await platform.requests(endingWith: "/messages.send").first)
                let form = sent.text.split(separator: "&").reduce(into: [String: String]()) { fields, pair in
                    let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                    if parts.count == 2 { fields[parts[0]] = parts[1].replacingOccurrences(of: "+", with: " ") }
                }
                #expect(form["peer_id"] == "700001")
                #expect(form["message"] == "Вітаю!")
                #expect(form["random_id"].flatMap(Int.init) != nil)
                #expect(form["v"] == "5.199")
            }
        }
    }
}
