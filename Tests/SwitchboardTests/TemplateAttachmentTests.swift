import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import switchboard

/// Template files travel with every reply made from the template, byte for byte, to the platform.
@Suite("Template attachments")
struct TemplateAttachmentTests {
    /// Bytes a careless upload or delivery would damage: every byte value, CRLFs and a fake delimiter.
    static let pdf: [UInt8] = Array("%PDF-1.4\r\n--XyZ\r\n".utf8) + (0...255).map { UInt8($0) } + Array("\r\n%%EOF".utf8)

    static func multipart(boundary: String = "XyZ-boundary", field: String = "file", name: String?, type: String, bytes: [UInt8]) -> ByteBuffer {
        let filename = name.map { #"; filename="\#($0)""# } ?? ""
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"\(filename)\r\nContent-Type: \(type)\r\n\r\n".utf8)
        body += bytes
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    static func upload(_ org: TestAccount, template: Int64, body: ByteBuffer, token: String? = nil) async throws -> Reply {
        try await org.harness.request(
            .post, "/api/v1/templates/\(template)/attachments", token: token ?? org.adminToken, body: body,
            headers: [.contentType: "multipart/form-data; boundary=XyZ-boundary"]
        )
    }

    @Test("a reply from a template carries its file byte-exact to the platform; files are listed and removable")
    func sentWithReply() async throws {
        try await Harness.run { harness in
            let platform = FakePlatform()
            try await platform.serve { base in
                let org = try await harness.account()
                let inbox = try await TelegramWebhookTests.inbox(org, base: base)
                let update = TelegramWebhookTests.textUpdate(id: 1, messageID: 1, text: "How do I apply?")
                #expect(try await TelegramWebhookTests.update(harness, uid: inbox.uid, update).status == .ok)
                let list = try await harness.request(.get, "/api/v1/conversations", token: org.adminToken)
                let conversation = try #require(list.json["items"]?[0]?["id"]?.int)

                let created = try await harness.request(
                    .post, "/api/v1/templates", token: org.adminToken,
                    json: #"{"name": "How to apply", "shortcode": "apply", "body": "The instructions are attached.", "variants": {"uk": "Інструкція у файлі."}}"#
                )
                let template = try #require(created.json["id"]?.int)
                let uploaded = try await Self.upload(
                    org, template: template, body: Self.multipart(name: "C:\\Users\\me\\guide.pdf", type: "application/pdf", bytes: Self.pdf)
                )
                #expect(uploaded.status == .created)
                #expect(uploaded.json["name"]?.string == "guide.pdf")
                #expect(uploaded.json["content_type"]?.string == "application/pdf")
                #expect(uploaded.json["size"]?.int == Int64(Self.pdf.count))
                let shown = try await harness.request(.get, "/api/v1/templates/\(template)", token: org.adminToken)
                #expect(shown.json["attachments"]?.array.compactMap { $0["name"]?.string } == ["guide.pdf"])

                await platform.answer(
                    "/sendDocument",
                    with: .json(#"{"ok":true,"result":{"message_id":78,"chat":{"id":42,"type":"private"},"date":1763900100}}"#)
                )
                let reply = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"template_id": \#(template)}"#
                )
                #expect(reply.status == .created)
                #expect(reply.json["content"]?.string == "Інструкція у файлі.")
                let attachment = try #require(reply.json["attachments"]?[0])
                #expect(attachment["name"]?.string == "guide.pdf")
                #expect(attachment["size"]?.int == Int64(Self.pdf.count))
                #expect(try await harness.assembly.deliveryWorker(DeliveryWorker.Settings()).runOnce() == 1)

                let sent = await platform.requests(endingWith: "/sendDocument")
                try #require(sent.count == 1)
                let contentType = sent[0].headers[.contentType] ?? ""
                let boundary = try #require(contentType.split(separator: "boundary=").last.map { String($0).trimmingCharacters(in: .init(charactersIn: "\"")) })
                let file = try #require(Self.part(named: "document", in: sent[0].body, boundary: boundary))
                #expect(file == Self.pdf, "the platform got the file byte for byte")
                #expect(String(decoding: Self.part(named: "caption", in: sent[0].body, boundary: boundary) ?? [], as: UTF8.self) == "Інструкція у файлі.")
                #expect(await platform.requests(endingWith: "/sendMessage").isEmpty, "the text went as the file's caption")

                // The stored copy downloads byte for byte too.
                let id = try #require(attachment["id"]?.int)
                let download = try await harness.request(.get, "/api/v1/attachments/\(id)", token: org.adminToken)
                #expect(Array(download.body.readableBytesView) == Self.pdf)

                // Removed from the template: later replies go without it, the sent one keeps its copy.
                let fileID = try #require(uploaded.json["id"]?.int)
                let removed = try await harness.request(.delete, "/api/v1/templates/\(template)/attachments/\(fileID)", token: org.adminToken)
                #expect(removed.status == .noContent)
                let again = try await harness.request(.delete, "/api/v1/templates/\(template)/attachments/\(fileID)", token: org.adminToken)
                #expect(again.status == .notFound)
                let plain = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"template_id": \#(template)}"#
                )
                #expect(plain.json["attachments"]?.array.isEmpty == true)
                #expect(try await harness.count("SELECT count(*)::int FROM attachments") == 1)
            }
        }
    }

    @Test("automated messages from a template carry its files too")
    func automatedReply() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try await AutomationTests.greetingInbox(org)
            let template = try #require(try await harness.request(.get, "/api/v1/templates", token: org.adminToken).json["items"]?[0]?["id"]?.int)
            let uploaded = try await Self.upload(org, template: template, body: Self.multipart(name: "rules.pdf", type: "application/pdf", bytes: Self.pdf))
            #expect(uploaded.status == .created)
            let posted = try await org.post(inbox: inbox, externalID: "g1", sender: "greeted", name: "Ann")
            let conversation = try #require(posted.json["conversation_id"]?.int)
            #expect(try await harness.assembly.automationScheduler().tick() == 1)
            let messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
            let greeting = try #require(messages.json["items"]?[1])
            #expect(greeting["sender"]?["type"]?.string == "automation")
            #expect(greeting["attachments"]?[0]?["name"]?.string == "rules.pdf")
        }
    }

    @Test("uploads are checked: the part, its file name, emptiness, media type and roles; nothing half-stored")
    func validation() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let created = try await harness.request(
                .post, "/api/v1/templates", token: org.adminToken, json: #"{"name": "A", "shortcode": "a", "body": "x"}"#
            )
            let template = try #require(created.json["id"]?.int)
            let noFile = try await Self.upload(org, template: template, body: Self.multipart(name: nil, type: "text/plain", bytes: [1]))
            #expect(noFile.status == .unprocessableContent)
            #expect(noFile.json["errors"]?[0]?["field"]?.string == "file")
            let wrongPart = try await Self.upload(org, template: template, body: Self.multipart(field: "other", name: "a.txt", type: "text/plain", bytes: [1]))
            #expect(wrongPart.json["errors"]?[0]?["field"]?.string == "file")
            let empty = try await Self.upload(org, template: template, body: Self.multipart(name: "a.txt", type: "text/plain", bytes: []))
            #expect(empty.status == .unprocessableContent)
            var cut = Self.multipart(name: "a.txt", type: "text/plain", bytes: [1, 2, 3])
            cut.moveWriterIndex(to: cut.writerIndex - 10)
            let truncated = try await Self.upload(org, template: template, body: cut)
            #expect(truncated.status == .badRequest)
            let json = try await harness.request(
                .post, "/api/v1/templates/\(template)/attachments", token: org.adminToken, json: #"{"file": "x"}"#
            )
            #expect(json.status == .unsupportedMediaType)
            let odd = try await Self.upload(org, template: template, body: Self.multipart(name: "\u{202E}fdp.exe", type: "not a type", bytes: [1]))
            #expect(odd.status == .created)
            #expect(odd.json["name"]?.string == "fdp.exe")
            #expect(odd.json["content_type"]?.string == "application/octet-stream")
            let agent = try await org.agent()
            let forbidden = try await Self.upload(org, template: template, body: Self.multipart(name: "a.txt", type: "text/plain", bytes: [1]), token: agent.token)
            #expect(forbidden.status == .forbidden)
            let missing = try await Self.upload(org, template: 999_999, body: Self.multipart(name: "a.txt", type: "text/plain", bytes: [1]))
            #expect(missing.status == .notFound)
            #expect(try await harness.count("SELECT count(*)::int FROM template_attachments") == 1)
        }
    }

    /// The body of the multipart part named `name`, exactly as sent.
    static func part(named name: String, in body: [UInt8], boundary: String) -> [UInt8]? {
        let delimiter = Array("\r\n--\(boundary)".utf8)
        let marker = Array("name=\"\(name)\"".utf8)
        guard let at = body.firstRange(of: marker),
            let headersEnd = body[at.upperBound...].firstRange(of: Array("\r\n\r\n".utf8)),
            let end = body[headersEnd.upperBound...].firstRange(of: delimiter)
        else { return nil }
        return Array(body[headersEnd.upperBound..<end.lowerBound])
    }

    @Test("an api inbox's callback carries the template's file inline, base64, byte for byte")
    func callbackCarriesFile() async throws {
        let recorder = CallbackRecorder()
        try await recorder.serve { callback in
            try await Harness.run { harness in
                let org = try await harness.account()
                let conversation = try await OutboxTests.conversation(org, callback: callback)
                let created = try await harness.request(
                    .post, "/api/v1/templates", token: org.adminToken,
                    json: #"{"name": "Guide", "shortcode": "guide", "body": "See the guide."}"#
                )
                let template = try #require(created.json["id"]?.int)
                let uploaded = try await Self.upload(
                    org, template: template, body: Self.multipart(name: "guide.pdf", type: "application/pdf", bytes: Self.pdf)
                )
                #expect(uploaded.status == .created)
                let reply = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"template_id": \#(template)}"#
                )
                #expect(reply.status == .created)
                #expect(try await harness.assembly.deliveryWorker(.init()).runOnce() == 1)
                let received = try #require(await recorder.received.first)
                let json = try JSONDecoder().decode(JSONValue.self, from: Data(received.body))
                let file = try #require(json["message"]?["attachments"]?[0])
                #expect(file["name"]?.string == "guide.pdf")
                #expect(file["size"]?.int == Int64(Self.pdf.count))
                #expect(Data(base64Encoded: file["data_base64"]?.string ?? "").map { [UInt8]($0) } == Self.pdf)
            }
        }
    }
}
