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

    /// Posts a messenger fixture twice (platforms redeliver) to an inbox of its own and checks that it is
    /// stored exactly once or listed as skipped with a reason and the payload.
    static func storedOnceOrSkipped(
        _ org: TestAccount, inboxID: Int64, name: String, body: [UInt8], expectStored: Bool, post: () async throws -> Reply
    ) async throws {
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
        if expectStored {
            #expect(stored == 1, "\(name): stored \(stored) times; skipped \(skipped)")
        } else {
            #expect(stored == 0 && !listed.isEmpty, "\(name): stored \(stored), skipped \(skipped)")
        }
        #expect(stored == 1 || !listed.isEmpty, "\(name) vanished")
    }

    /// The WhatsApp corpus and what each fixture is: a message to store, or something to list as skipped.
    static let whatsAppStored: [String: Bool] = [
        "meta-docs-text.json": true, "meta-docs-sticker.json": true, "meta-docs-contacts.json": true,
    ]

    @Test("WhatsApp: Meta's documented notifications are each stored once or listed as skipped")
    func whatsApp() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let corpus = try Self.corpus("whatsapp")
            #expect(Set(corpus.map(\.name)) == Set(Self.whatsAppStored.keys), "every fixture has an expectation")
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
                try await Self.storedOnceOrSkipped(
                    org, inboxID: inbox.id, name: name, body: body, expectStored: Self.whatsAppStored[name] ?? false
                ) {
                    try await harness.request(
                        .post, "/webhooks/\(inbox.uid)", body: ByteBuffer(bytes: body),
                        headers: [.contentType: "application/json", MessengerWebhookTests.field("X-Hub-Signature-256"): signature]
                    )
                }
            }
        }
    }
}
