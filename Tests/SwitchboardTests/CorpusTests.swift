import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import switchboard

/// Third-party payloads nobody here wrote (see each connector's `fixtures/corpus/SOURCES.md`), through the
/// whole server: every one is stored exactly once, or listed in the inbox's skipped list with its reason.
@Suite("Corpus of real-world payloads")
struct CorpusTests {
    /// The files of a connector's corpus folder, SOURCES.md aside.
    static func corpus(_ connector: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("connectors/\(connector)/fixtures/corpus")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "SOURCES.md" }.sorted()
        return try names.map { ($0, [UInt8](try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    /// What Python's `email` package reads: subject, sender's display name and address, first plain text.
    static func pythonReading(_ raw: [UInt8]) throws -> [String: String] {
        let script = """
            import email, email.policy, email.header, email.utils, json, sys
            raw = sys.stdin.buffer.read()
            old = email.message_from_bytes(raw)
            def text(value):
                return '' if value is None else str(email.header.make_header(email.header.decode_header(value)))
            name, address = email.utils.parseaddr(text(old['From']))
            body = email.message_from_bytes(raw, policy=email.policy.default).get_body(preferencelist=('plain',))
            plain = body.get_content() if body is not None else ''
            print(json.dumps({'subject': ' '.join(text(old['Subject']).split()), 'name': name,
                              'address': address.lower(), 'text': plain}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(raw))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let reading = try JSONSerialization.jsonObject(with: data) as? [String: String]
        else {
            throw TestSetupError("python3 could not read the message")
        }
        return reading
    }

    @Test("mail through dovecot: each message stored once, re-reads add nothing, and it reads as Python's email package reads it")
    func mail() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            for (name, raw) in try Self.corpus("email") {
                let inbox = try await MailInbox.create(org)
                try await inbox.seed(raw)
                let first = try await inbox.poll()
                #expect(first.ingested == 1 && first.refused == 0, "\(name): \(first)")
                #expect(try await inbox.poll().ingested == 0, "\(name)")
                // A lost checkpoint makes the poller read the mailbox again: Message-ID, else the digest, dedupes.
                _ = try await harness.count("UPDATE mailbox_checkpoints SET uid_validity = uid_validity + 1 RETURNING 0")
                let reread = try await inbox.poll()
                #expect(reread.duplicates == 1 && reread.ingested == 0, "\(name): \(reread)")

                let list = try await harness.request(.get, "/api/v1/conversations?inbox_id=\(inbox.id)", token: org.adminToken)
                let conversation = try #require(list.json["items"]?[0], "\(name) was not stored")
                #expect(list.json["items"]?.array.count == 1, "\(name)")
                let conversationID = try #require(conversation["id"]?.int)
                let messages = try await harness.request(
                    .get, "/api/v1/conversations/\(conversationID)/messages", token: org.adminToken
                )
                let message = try #require(messages.json["items"]?[0])
                let contactID = try #require(conversation["contact"]?["id"]?.int)
                let contact = try await harness.request(.get, "/api/v1/contacts/\(contactID)", token: org.adminToken)

                let python = try Self.pythonReading(raw)
                #expect((message["subject"]?.string ?? "") == python["subject"], "\(name): subject")
                let identity = contact.json["identities"]?[0]?["external_id"]?.string
                #expect(identity == python["address"], "\(name): sender address")
                if let shown = python["name"], !shown.isEmpty {
                    #expect(contact.json["name"]?.string == shown, "\(name): sender name")
                }
                let content = message["content"]?.string ?? ""
                #expect(!content.isEmpty, "\(name): content")
                let firstLine = python["text"]?.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                    .first { !$0.isEmpty }
                if let firstLine {
                    #expect(content.contains(firstLine), "\(name): text \(content) lacks \(firstLine)")
                }
            }
        }
    }

    /// What becomes of a messenger fixture: a message stored exactly once, or an entry in the inbox's skipped
    /// list of this category (`person`: shown in the inbox's health as a lost message; `mentioning`: a word
    /// the reason must name).
    enum Fate: Sendable {
        case stored
        case skipped(String, person: Bool = false, mentioning: String? = nil)
    }

    /// Posts a messenger fixture twice (platforms redeliver) to an inbox of its own and checks its fate:
    /// stored exactly once, or listed as skipped with a reason, its category and the payload. Nothing vanishes.
    static func check(
        _ org: TestAccount, inboxID: Int64, name: String, body: [UInt8], fate: Fate?, post: () async throws -> Reply
    ) async throws {
        let fate = try #require(fate, "\(name) has no expected fate")
        for _ in 0..<2 {
            let reply = try await post()
            #expect(reply.status == .ok, "\(name): \(reply.status) \(reply.text)")
        }
        let stored = try await org.harness.count(
            "SELECT count(*)::int FROM messages WHERE inbox_id = \(inboxID) AND direction = 'in'"
        )
        let skipped = try await SkippedPayloadTests.skipped(org, inboxID: inboxID).json["items"]?.array ?? []
        let text = String(decoding: body, as: UTF8.self)
        let listed = skipped.filter { $0["payload"]?.string == text && $0["reason"]?.string?.isEmpty == false }
        switch fate {
        case .stored:
            #expect(stored == 1, "\(name): stored \(stored) times; skipped \(skipped)")
        case .skipped(let category, let person, let word):
            #expect(stored == 0, "\(name): stored \(stored) times")
            let matching = listed.filter { item in
                item["category"]?.string == category && item["from_person"]?.bool == person
                    && (word.map { item["reason"]?.string?.contains($0) == true } ?? true)
            }
            #expect(!matching.isEmpty, "\(name): expected \(category) (person: \(person), naming \(word ?? "-")); skipped \(skipped)")
        }
        #expect(stored == 1 || !listed.isEmpty, "\(name) vanished")
    }

    /// The WhatsApp corpus and what each fixture is.
    static let whatsApp: [String: Fate] = [
        "meta-docs-text.json": .stored, "meta-docs-sticker.json": .stored, "meta-docs-contacts.json": .stored,
    ]

    @Test("WhatsApp: Meta's documented notifications are each stored once or listed as skipped")
    func whatsApp() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let corpus = try Self.corpus("whatsapp")
            #expect(Set(corpus.map(\.name)) == Set(Self.whatsApp.keys), "every fixture has an expectation")
            for (name, body) in corpus {
                let root = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
                let value = ((root?["entry"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]])?.first?["value"]
                let phoneNumberID = try #require(((value as? [String: Any])?["metadata"] as? [String: Any])?["phone_number_id"] as? String)
                let inbox = try await MessengerWebhookTests.inbox(
                    org, kind: "whatsapp",
                    config: #"{"phone_number_id": "\#(phoneNumberID)", "access_token": "t", "app_secret": "corpus", "verify_token": "v"}"#
                )
                let text = String(decoding: body, as: UTF8.self)
                let signature = "sha256=" + MessengerWebhookTests.hmacHex(text, key: "corpus")
                try await Self.check(org, inboxID: inbox.id, name: name, body: body, fate: Self.whatsApp[name]) {
                    try await harness.request(
                        .post, "/webhooks/\(inbox.uid)", body: ByteBuffer(bytes: body),
                        headers: [.contentType: "application/json", MessengerWebhookTests.field("X-Hub-Signature-256"): signature]
                    )
                }
            }
        }
    }

    /// The Telegram corpus: updates from other projects' test data and Telegram's webhook examples.
    static let telegram: [String: Fate] = [
        "zammad-private-text.json": .stored, "zammad-private-photo.json": .stored, "nutgram-contact.json": .stored,
        "nutgram-location.json": .stored, "nutgram-sticker.json": .stored,
        "php-telegram-pro-edited-message.json": .skipped("unmatched", person: true, mentioning: "Edited text"),
        "zammad-channel-text.json": .skipped("ignored", mentioning: "channel_post"),
        "zammad-private-my-chat-member.json": .skipped("unmatched"),
    ]

    @Test("Telegram: other projects' updates, behind the secret token, are each stored once or listed as skipped")
    func telegram() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let corpus = try Self.corpus("telegram")
            #expect(Set(corpus.map(\.name)) == Set(Self.telegram.keys), "every fixture has an expectation")
            for (name, body) in corpus {
                let inbox = try await TelegramWebhookTests.inbox(org, base: "http://127.0.0.1:9")
                try await Self.check(org, inboxID: inbox.id, name: name, body: body, fate: Self.telegram[name]) {
                    try await harness.request(
                        .post, "/webhooks/\(inbox.uid)", body: ByteBuffer(bytes: body),
                        headers: [
                            .contentType: "application/json",
                            MessengerWebhookTests.field("X-Telegram-Bot-Api-Secret-Token"): TelegramWebhookTests.secret,
                        ]
                    )
                }
            }
        }
    }

    /// The Viber corpus: callbacks from other projects' test data and code.
    static let viber: [String: Fate] = [
        "viber-bot-python-unicode-request.json": .stored, "courier-comment-text.json": .stored,
        "courier-contact.json": .stored, "courier-location.json": .stored, "courier-sticker.json": .stored,
        "courier-comment-message-without-message.json": .skipped("unreadable", person: true, mentioning: "JSON"),
        "courier-conversation-started.json": .skipped("ignored", mentioning: "conversation_started"),
        "courier-signed-unsubscribed.json": .skipped("unmatched"),
    ]

    /// Fixtures whose source recorded the signature Viber computed, with the auth token it used.
    static let viberRecordedSignatures: [String: (authToken: String, signature: String)] = [
        "courier-signed-unsubscribed.json": (
            "44b935abea139fd6-53fa53b32559c4a6-12dbd3d883b06835",
            "d84d8648b402a2737838fea4da41d903d1af1aed92466b1758828ad27e31a9f9"
        )
    ]

    @Test("Viber: other projects' callbacks, signed as Viber signs, are each stored once or listed as skipped")
    func viber() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let corpus = try Self.corpus("viber")
            #expect(Set(corpus.map(\.name)) == Set(Self.viber.keys), "every fixture has an expectation")
            for (name, body) in corpus {
                let recorded = Self.viberRecordedSignatures[name]
                let token = recorded?.authToken ?? "445da6az1s345z78-dazcczb2542zv51a-corpus"
                let inbox = try await MessengerWebhookTests.inbox(
                    org, kind: "viber", config: #"{"auth_token": "\#(token)", "bot_name": "Helpline", "api_base_url": "http://127.0.0.1:9"}"#
                )
                let signature = recorded?.signature ?? MessengerWebhookTests.hmacHex(String(decoding: body, as: UTF8.self), key: token)
                try await Self.check(org, inboxID: inbox.id, name: name, body: body, fate: Self.viber[name]) {
                    try await harness.request(
                        .post, "/webhooks/\(inbox.uid)", body: ByteBuffer(bytes: body),
                        headers: [.contentType: "application/json", MessengerWebhookTests.field("X-Viber-Content-Signature"): signature]
                    )
                }
            }
        }
    }

    /// The VK corpus: Callback API calls from other projects' tests and examples.
    static let vk: [String: Fate] = [
        "courier-hello-world.json": .stored, "courier-photo.json": .stored, "courier-sticker.json": .stored,
        "courier-audio-message.json": .stored, "courier-geo.json": .stored, "courier-keyboard.json": .stored,
        "courier-empty.json": .skipped("rejected", person: true),
        "botman-typing-state.json": .skipped("ignored", mentioning: "typing"),
    ]

    @Test("VK: other projects' Callback API calls, with their secret, are each stored once or listed as skipped")
    func vk() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let corpus = try Self.corpus("vk")
            #expect(Set(corpus.map(\.name)) == Set(Self.vk.keys), "every fixture has an expectation")
            for (name, body) in corpus {
                // The proof is the body's own `secret`; the community is its `group_id` when that is a real id
                // (the inbox accepts digits only), else any community, as the call names none.
                let root = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], "\(name)")
                let secret = try #require(root["secret"] as? String, "\(name) carries no secret")
                let named = (root["group_id"] as? NSNumber)?.stringValue ?? (root["group_id"] as? String)
                let groupID = named.flatMap { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) ? $0 : nil } ?? "218000000"
                let inbox = try await MessengerWebhookTests.inbox(
                    org, kind: "vk",
                    config: #"{"group_id": "\#(groupID)", "access_token": "vk1.a.token", "secret": "\#(secret)", "confirmation_code": "c0de", "api_base_url": "http://127.0.0.1:9"}"#
                )
                try await Self.check(org, inboxID: inbox.id, name: name, body: body, fate: Self.vk[name]) {
                    try await harness.request(
                        .post, "/webhooks/\(inbox.uid)", body: ByteBuffer(bytes: body), headers: [.contentType: "application/json"]
                    )
                }
            }
        }
    }
}
