import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import switchboard

/// Telegram end to end: signed webhooks in through the server, replies and downloads out to a local
/// stand-in for the Bot API.
@Suite("Telegram through the server")
struct TelegramWebhookTests {
    static let token = "123456:TEST-token"
    static let secret = "s3cret-token_value"

    static func inbox(_ org: TestAccount, base: String) async throws -> (id: Int64, uid: String) {
        let reply = try await org.harness.request(
            .post, "/api/v1/inboxes", token: org.adminToken,
            json: #"""
                {"name": "Bot", "channel": {"kind": "telegram", "config":
                  {"bot_token": "\#(token)", "secret_token": "\#(secret)", "api_base_url": "\#(base)"}}}
                """#
        )
        guard reply.status == .created, let id = reply.json["id"]?.int, let uid = reply.json["uid"]?.string else {
            throw TestSetupError("inbox: \(reply.status) \(reply.text)")
        }
        return (id, uid)
    }

    static func update(_ harness: Harness, uid: String, _ json: String, secret: String? = secret) async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let secret { headers[HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!] = secret }
        return try await harness.request(.post, "/webhooks/\(uid)", body: ByteBuffer(string: json), headers: headers)
    }

    static func textUpdate(id: Int, messageID: Int, text: String) -> String {
        #"""
        {"update_id": \#(id), "message": {"message_id": \#(messageID),
          "from": {"id": 42, "is_bot": false, "first_name": "Олена", "last_name": "Коваль", "username": "olena_k", "language_code": "uk"},
          "chat": {"id": 42, "type": "private", "first_name": "Олена"}, "date": 1763900000, "text": "\#(text)"}}
        """#
    }

    @Test("a text update becomes one message however often it is delivered; a wrong secret stores nothing")
    func textAndRedelivery() async throws {
        try await Harness.run { harness in
            let platform = FakePlatform()
            try await platform.serve { base in
                let org = try await harness.account()
                let inbox = try await Self.inbox(org, base: base)
                let update = Self.textUpdate(id: 9001, messageID: 5, text: "Привіт! Потрібна допомога 🙏")

                let forged = try await Self.update(harness, uid: inbox.uid, update, secret: "guess")
                #expect(forged.status == .unauthorized)
                let unsigned = try await Self.update(harness, uid: inbox.uid, update, secret: nil)
                #expect(unsigned.status == .unauthorized)
                #expect(try await harness.count("SELECT count(*)::int FROM messages") == 0)
                let health = try await harness.request(.get, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken)
                #expect(health.json["health"]?["status"]?.string == "error")

                for _ in 0..<3 {
                    let accepted = try await Self.update(harness, uid: inbox.uid, update)
                    #expect(accepted.status == .ok)
                }
                #expect(try await harness.count("SELECT count(*)::int FROM messages") == 1)
                let list = try await harness.request(.get, "/api/v1/conversations", token: org.adminToken)
                let conversation = try #require(list.json["items"]?[0])
                #expect(conversation["contact"]?["name"]?.string == "Олена Коваль")
                let id = try #require(conversation["id"]?.int)
                let messages = try await harness.request(.get, "/api/v1/conversations/\(id)/messages", token: org.adminToken)
                #expect(messages.json["items"]?[0]?["content"]?.string == "Привіт! Потрібна допомога 🙏")
                #expect(try await harness.count("SELECT count(*)::int FROM contacts WHERE language = 'uk'") == 1)
                let inboxAfter = try await harness.request(.get, "/api/v1/inboxes/\(inbox.id)", token: org.adminToken)
                #expect(inboxAfter.json["health"]?["last_event_at"]?.string != nil)

                // An edit replaces the text and keeps the first version.
                let edit = #"""
                    {"update_id": 9002, "edited_message": {"message_id": 5, "from": {"id": 42, "is_bot": false, "first_name": "Олена"},
                      "chat": {"id": 42, "type": "private"}, "date": 1763900000, "edit_date": 1763900060, "text": "Привіт! Вже не треба"}}
                    """#
                #expect(try await Self.update(harness, uid: inbox.uid, edit).status == .ok)
                let edited = try await harness.request(.get, "/api/v1/conversations/\(id)/messages", token: org.adminToken)
                #expect(edited.json["items"]?[0]?["content"]?.string == "Привіт! Вже не треба")
                #expect(edited.json["items"]?[0]?["edited_at"]?.string != nil)
                #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE original_content LIKE '%допомога%'") == 1)

                // An update kind we do not handle is acknowledged, not an error.
                let odd = #"{"update_id": 9003, "poll": {"id": "1", "question": "?", "options": []}}"#
                #expect(try await Self.update(harness, uid: inbox.uid, odd).status == .ok)
            }
        }
    }

    @Test("with a public URL, creating the inbox calls setWebhook and reports Telegram's answer; a refusal shows in health")
    func registration() async throws {
        try await Harness.run(registersWebhooks: true) { harness in
            let platform = FakePlatform()
            try await platform.serve { base in
                let org = try await harness.account()
                await platform.answer("/setWebhook", with: .json(#"{"ok":true,"result":true,"description":"Webhook was set"}"#))
                let created = try await harness.request(
                    .post, "/api/v1/inboxes", token: org.adminToken,
                    json: #"""
                        {"name": "Bot", "channel": {"kind": "telegram", "config":
                          {"bot_token": "\#(Self.token)", "secret_token": "\#(Self.secret)", "api_base_url": "\#(base)"}}}
                        """#
                )
                #expect(created.status == .created)
                #expect(created.json["webhook_registration"]?["succeeded"] == .bool(true))
                #expect(created.json["webhook_registration"]?["message"]?.string == "Webhook was set")
                let uid = try #require(created.json["uid"]?.string)
                let call = try #require(await platform.requests(endingWith: "/setWebhook").first)
                #expect(call.path == "/bot\(Self.token)/setWebhook")
                #expect(call.json["url"] as? String == "https://switchboard.test/webhooks/\(uid)")
                #expect(call.json["secret_token"] as? String == Self.secret)

                await platform.answer(
                    "/setWebhook",
                    with: .json(#"{"ok":false,"error_code":401,"description":"Unauthorized"}"#, status: 401)
                )
                let id = try #require(created.json["id"]?.int)
                let changed = try await harness.request(
                    .patch, "/api/v1/inboxes/\(id)", token: org.adminToken,
                    json: #"{"channel": {"config": {"bot_token": "999:revoked"}}}"#
                )
                #expect(changed.status == .ok)
                #expect(changed.json["webhook_registration"]?["succeeded"] == .bool(false))
                #expect(changed.json["health"]?["status"]?.string == "error")
                #expect(changed.json["health"]?["last_error"]?.string?.contains("Unauthorized") == true)
                #expect(changed.text.contains("999:revoked") == false, "the token is never shown")
            }
        }
    }

    @Test("a photo is stored at once and downloaded through getFile by the media worker")
    func photoDownload() async throws {
        try await Harness.run { harness in
            let platform = FakePlatform()
            try await platform.serve { base in
                let org = try await harness.account()
                let inbox = try await Self.inbox(org, base: base)
                let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0xFF, 0xD9]
                await platform.answer(
                    "/getFile",
                    with: .json(#"{"ok":true,"result":{"file_id":"big-file","file_unique_id":"b","file_size":12,"file_path":"photos/file_7.jpg"}}"#)
                )
                await platform.answer("/photos/file_7.jpg", with: .bytes(jpeg, contentType: "image/jpeg"))
                let photo = #"""
                    {"update_id": 9100, "message": {"message_id": 8, "from": {"id": 42, "is_bot": false, "first_name": "Олена"},
                      "chat": {"id": 42, "type": "private"}, "date": 1763900000, "caption": "Ось фото документа",
                      "photo": [{"file_id": "small-file", "file_unique_id": "s", "width": 90, "height": 60, "file_size": 900},
                                {"file_id": "big-file", "file_unique_id": "b", "width": 1280, "height": 960, "file_size": 12}]}}
                    """#
                #expect(try await Self.update(harness, uid: inbox.uid, photo).status == .ok)
                #expect(try await harness.count("SELECT count(*)::int FROM attachments WHERE fetch_state = 'pending'") == 1)

                let handled = try await harness.assembly.mediaWorker().runOnce()
                #expect(handled == 1)
                let getFile = await platform.requests(endingWith: "/getFile")
                #expect(getFile.count == 1)
                #expect(getFile.first?.path == "/bot\(Self.token)/getFile")
                #expect(getFile.first.map { ($0.query ?? "") + $0.text }?.contains("big-file") == true)

                let list = try await harness.request(.get, "/api/v1/conversations", token: org.adminToken)
                let id = try #require(list.json["items"]?[0]?["id"]?.int)
                let messages = try await harness.request(.get, "/api/v1/conversations/\(id)/messages", token: org.adminToken)
                let message = try #require(messages.json["items"]?[0])
                #expect(message["content"]?.string == "Ось фото документа")
                #expect(message["attachments"]?[0]?["state"]?.string == "ready")
                #expect(message["attachments"]?[0]?["size"]?.int == 12)
                let attachmentID = try #require(message["attachments"]?[0]?["id"]?.int)
                let file = try await harness.request(.get, "/api/v1/attachments/\(attachmentID)", token: org.adminToken)
                #expect(Array(file.body.readableBytesView) == jpeg)
            }
        }
    }

    @Test("a reply is sent with sendMessage; 429 waits exactly retry_after; a block fails with Telegram's words")
    func replies() async throws {
        try await Harness.run { harness in
            let platform = FakePlatform()
            try await platform.serve { base in
                let org = try await harness.account()
                let inbox = try await Self.inbox(org, base: base)
                #expect(try await Self.update(harness, uid: inbox.uid, Self.textUpdate(id: 1, messageID: 1, text: "Hi")).status == .ok)
                let list = try await harness.request(.get, "/api/v1/conversations", token: org.adminToken)
                let conversation = try #require(list.json["items"]?[0]?["id"]?.int)

                await platform.answer(
                    "/sendMessage",
                    with: .json(#"{"ok":true,"result":{"message_id":77,"chat":{"id":42,"type":"private"},"date":1763900100,"text":"x"}}"#)
                )
                let reply = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
                    json: #"{"content": "Добрий день! Чим допомогти? 🙂"}"#
                )
                #expect(reply.status == .created)
                let clock = Date(timeIntervalSince1970: 2_000_000_000)
                let worker = harness.assembly.deliveryWorker(DeliveryWorker.Settings(now: { clock }))
                #expect(try await worker.runOnce() == 1)
                let sent = await platform.requests(endingWith: "/sendMessage")
                #expect(sent.count == 1)
                #expect(sent.first?.path == "/bot\(Self.token)/sendMessage")
                #expect(sent.first?.json["text"] as? String == "Добрий день! Чим допомогти? 🙂")
                #expect("\(sent.first?.json["chat_id"] ?? "")" == "42")
                let after = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
                #expect(after.json["items"]?[1]?["delivery_status"]?.string == "sent")

                // Too many requests: the platform's delay, to the second, on our clock.
                await platform.answer(
                    "/sendMessage",
                    with: .json(
                        #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}"#,
                        status: 429
                    )
                )
                _ = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"content": "Second"}"#
                )
                #expect(try await worker.runOnce() == 1)
                #expect(
                    try await harness.count(
                        "SELECT extract(epoch FROM next_attempt_at)::int FROM outbox WHERE status = 'pending'"
                    ) == 2_000_000_007
                )
                let waiting = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
                #expect(waiting.json["items"]?[2]?["delivery_status"]?.string == "queued")
                #expect(waiting.json["items"]?[2]?["delivery_error"]?.string?.contains("Too Many Requests") == true)

                // Blocked by the user: failed at once with Telegram's description.
                await platform.answer(
                    "/sendMessage",
                    with: .json(#"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#, status: 403)
                )
                _ = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"content": "Third"}"#
                )
                _ = try await harness.count("UPDATE outbox SET next_attempt_at = now() - interval '1 second' RETURNING 0")
                #expect(try await worker.runOnce() == 2)
                let failed = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
                let third = try #require(failed.json["items"]?[3])
                #expect(third["delivery_status"]?.string == "failed")
                #expect(third["delivery_error"]?.string?.contains("bot was blocked by the user") == true)

                // The user blocks the bot: the contact's identity is marked unreachable.
                let kicked = #"""
                    {"update_id": 2, "my_chat_member": {"chat": {"id": 42, "type": "private"},
                      "from": {"id": 42, "is_bot": false, "first_name": "Олена"}, "date": 1763900200,
                      "old_chat_member": {"user": {"id": 1, "is_bot": true, "first_name": "Bot"}, "status": "member"},
                      "new_chat_member": {"user": {"id": 1, "is_bot": true, "first_name": "Bot"}, "status": "kicked", "until_date": 0}}}
                    """#
                #expect(try await Self.update(harness, uid: inbox.uid, kicked).status == .ok)
                #expect(try await harness.count("SELECT count(*)::int FROM contact_identities WHERE unreachable") == 1)
            }
        }
    }
}
