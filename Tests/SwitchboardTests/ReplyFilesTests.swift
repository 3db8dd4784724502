import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import switchboard

/// An agent's reply with files (`multipart/form-data`), stored with the message and delivered with it.
@Suite("Replies with files")
struct ReplyFilesTests {
    static let boundary = "Reply-Boundary-7"

    /// A form body: text fields, then files as (name, type, bytes).
    static func form(_ fields: [(String, String)], files: [(String, String, [UInt8])]) -> ByteBuffer {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, type, bytes) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    static func send(_ harness: Harness, _ conversation: Int64, token: String, _ body: ByteBuffer) async throws -> Reply {
        try await harness.request(
            .post, "/api/v1/conversations/\(conversation)/messages", token: token, body: body,
            headers: [.contentType: "multipart/form-data; boundary=\(boundary)"]
        )
    }

    @Test("a reply with two files reaches the platform with both, byte for byte; a note keeps its file inside")
    func deliveredToPlatform() async throws {
        try await Harness.run { harness in
            let platform = FakePlatform()
            try await platform.serve { base in
                let org = try await harness.account()
                let inbox = try await TelegramWebhookTests.inbox(org, base: base)
                let update = TelegramWebhookTests.textUpdate(id: 1, messageID: 1, text: "Can you send the forms?")
                #expect(try await TelegramWebhookTests.update(harness, uid: inbox.uid, update).status == .ok)
                let conversation = try #require(
                    try await harness.request(.get, "/api/v1/conversations", token: org.adminToken).json["items"]?[0]?["id"]?.int
                )
                let pdf = TemplateAttachmentTests.pdf
                let notes: [UInt8] = Array("first line\r\n--Reply-Boundary\r\nnot a delimiter".utf8)
                for method in ["/sendDocument", "/sendMessage"] {
                    await platform.answer(
                        method, with: .json(#"{"ok":true,"result":{"message_id":90,"chat":{"id":42,"type":"private"},"date":1763900100}}"#)
                    )
                }
                let reply = try await Self.send(
                    harness, conversation, token: org.adminToken,
                    Self.form([("content", "Both forms are attached."), ("private", "false")],
                              files: [("application.pdf", "application/pdf", pdf), ("../../notes.txt", "text/plain", notes)])
                )
                #expect(reply.status == .created)
                #expect(reply.json["content"]?.string == "Both forms are attached.")
                #expect(reply.json["private"]?.bool == false)
                #expect(reply.json["attachments"]?.array.compactMap { $0["name"]?.string } == ["application.pdf", "notes.txt"])
                #expect(reply.json["delivery_status"]?.string == "queued")

                _ = try await harness.assembly.deliveryWorker(DeliveryWorker.Settings()).runOnce()
                let sent = await platform.requests(endingWith: "/sendDocument")
                #expect(sent.count == 2)
                let uploaded = sent.compactMap { request -> [UInt8]? in
                    let contentType = request.headers[.contentType] ?? ""
                    guard let boundary = contentType.split(separator: "boundary=").last.map({ String($0).trimmingCharacters(in: .init(charactersIn: "\"")) })
                    else { return nil }
                    return TemplateAttachmentTests.part(named: "document", in: request.body, boundary: boundary)
                }
                #expect(uploaded == [pdf, notes], "the platform got each file byte for byte, in order")

                let note = try await Self.send(
                    harness, conversation, token: org.adminToken,
                    Self.form([("private", "true")], files: [("case.txt", "text/plain", Array("inside only".utf8))])
                )
                #expect(note.status == .created)
                #expect(note.json["private"]?.bool == true)
                #expect(note.json["content"]?.string == "")
                let noteFile = try #require(note.json["attachments"]?[0]?["id"]?.int)
                let download = try await harness.request(.get, "/api/v1/attachments/\(noteFile)", token: org.adminToken)
                #expect(download.text == "inside only")
                #expect(try await harness.assembly.deliveryWorker(DeliveryWorker.Settings()).runOnce() == 0, "a note is never delivered")
            }
        }
    }

    @Test("bad forms are 4xx problem+json naming the part, and store nothing")
    func validation() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            try await org.post(inbox: inbox, externalID: "m1", sender: "c1")
            let conversation = try #require(
                try await harness.request(.get, "/api/v1/conversations", token: org.adminToken).json["items"]?[0]?["id"]?.int
            )
            let before = try await harness.count("SELECT count(*)::int FROM messages")
            let file = ("a.txt", "text/plain", Array("a".utf8))
            let cases: [(ByteBuffer, String)] = [
                (Self.form([("content", "hi")], files: [("empty.txt", "text/plain", [])]), "file"),
                (Self.form([("content", "hi"), ("private", "maybe")], files: [file]), "private"),
                (Self.form([("content", "x")], files: Array(repeating: file, count: 11)), "file"),
                (Self.form([("private", "false")], files: []), "content"),
            ]
            for (body, field) in cases {
                let reply = try await Self.send(harness, conversation, token: org.adminToken, body)
                #expect(reply.status == .unprocessableContent, "\(field): \(reply.text)")
                #expect(reply.headers[.contentType] == "application/problem+json")
                #expect(reply.json["errors"]?[0]?["field"]?.string == field)
            }
            let noFilename = ByteBuffer(string: "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--\(Self.boundary)--\r\n")
            let plainPart = try await Self.send(harness, conversation, token: org.adminToken, noFilename)
            #expect(plainPart.status == .unprocessableContent)
            let cut = try await harness.request(
                .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
                body: ByteBuffer(string: "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nhal"),
                headers: [.contentType: "multipart/form-data; boundary=\(Self.boundary)"]
            )
            #expect(cut.status == .badRequest)
            let tooBig = try await Self.send(
                harness, conversation, token: org.adminToken,
                Self.form([], files: [("big.bin", "application/octet-stream", Array(repeating: 7, count: 10 * 1024 * 1024 + 1))])
            )
            #expect(tooBig.status == .contentTooLarge)
            #expect(try await harness.count("SELECT count(*)::int FROM messages") == before)
            #expect(try await harness.count("SELECT count(*)::int FROM attachments") == 0)
        }
    }
}
