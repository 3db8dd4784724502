import Foundation
import HTTPTypes
import SwitchboardCore
import Testing
import VKConnector

/// Files in a reply go VK's document way: upload server, multipart upload, `docs.save`, then `attachment`.
@Suite struct AttachmentUploadTests {
    static func inbox(_ base: String) -> Inbox { Fixtures.inbox(["api_base_url": .string(base + "/method")]) }

    static let invoice = OutboundAttachment(
        name: "Счёт №15.pdf", contentType: "application/pdf", data: Array("%PDF-1.4 счёт".utf8))

    @Test func aFileIsUploadedSavedAndAttachedToTheText() async throws {
        let vk = FakeVK()
        try await vk.serve { base in
            await vk.answer(
                "/method/docs.getMessagesUploadServer", json: #"{"response": {"upload_url": "\#(base)/upload/doc"}}"#)
            await vk.answer("/upload/doc", json: #"{"file": "1234567|0|0|851234|a1b2c3|pdf|183204|Счёт.pdf|hash"}"#)
            await vk.answer(
                "/method/docs.save",
                json:
                    #"{"response": {"type": "doc", "doc": {"id": 668899001, "owner_id": 1234567, "title": "Счёт №15.pdf"}}}"#
            )
            await vk.answer("/method/messages.send", json: #"{"response": 555}"#)
            let receipt = try await Fixtures.connector.deliver(
                outbound("Счёт во вложении", messageID: 42, inbox: Self.inbox(base), attachments: [Self.invoice]))
            #expect(receipt.externalID == "555")
        }
        let paths = await vk.received.map(\.path)
        #expect(
            paths == [
                "/method/docs.getMessagesUploadServer", "/upload/doc", "/method/docs.save", "/method/messages.send",
            ])

        let server = try #require(await vk.requests(to: "/method/docs.getMessagesUploadServer").first)
        #expect(server.form["type"] == "doc")
        #expect(server.form["peer_id"] == "1234567")
        #expect(server.form["access_token"] == Fixtures.accessToken)
        #expect(server.form["v"] == "5.199")

        let upload = try #require(await vk.requests(to: "/upload/doc").first)
        let contentType = try #require(upload.contentType)
        #expect(contentType.hasPrefix("multipart/form-data; boundary="))
        let boundary = String(contentType.dropFirst("multipart/form-data; boundary=".count))
        #expect(
            upload.body
                == Array(
                    ("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Счёт №15.pdf\"\r\n"
                        + "Content-Type: application/pdf\r\n\r\n%PDF-1.4 счёт\r\n--\(boundary)--\r\n").utf8))

        let save = try #require(await vk.requests(to: "/method/docs.save").first)
        #expect(save.form["file"] == "1234567|0|0|851234|a1b2c3|pdf|183204|Счёт.pdf|hash")
        #expect(save.form["title"] == "Счёт №15.pdf")

        let send = try #require(await vk.requests(to: "/method/messages.send").first)
        #expect(send.form["message"] == "Счёт во вложении")
        #expect(send.form["attachment"] == "doc1234567_668899001")
        #expect(send.form["random_id"] == "42")
    }

    @Test func aFileWithoutTextIsSentAlone() async throws {
        let vk = FakeVK()
        try await vk.serve { base in
            await vk.answer(
                "/method/docs.getMessagesUploadServer", json: #"{"response": {"upload_url": "\#(base)/upload/doc"}}"#)
            await vk.answer("/upload/doc", json: #"{"file": "token"}"#)
            await vk.answer(
                "/method/docs.save", json: #"{"response": {"type": "doc", "doc": {"id": 1, "owner_id": -5}}}"#)
            let photo = OutboundAttachment(name: "фото.jpg", contentType: "image/jpeg", data: [0xFF, 0xD8, 0xFF])
            _ = try await Fixtures.connector.deliver(
                outbound("", inbox: Self.inbox(base), attachments: [photo, photo]))
        }
        let sends = await vk.requests(to: "/method/messages.send")
        try #require(sends.count == 1)
        #expect(sends[0].form["message"] == "")
        #expect(sends[0].form["attachment"] == "doc-5_1,doc-5_1")
    }

    @Test func aFileVKRefusesIsAPermanentFailureAndNothingIsSent() async throws {
        let vk = FakeVK()
        try await vk.serve { base in
            await vk.answer(
                "/method/docs.getMessagesUploadServer", json: #"{"response": {"upload_url": "\#(base)/upload/doc"}}"#)
            await vk.answer(
                "/upload/doc", json: #"{"error": "file type not allowed", "error_descr": "exe files are forbidden"}"#)
            let program = OutboundAttachment(
                name: "setup.exe", contentType: "application/octet-stream", data: [0x4D, 0x5A])
            let failure = await failure {
                try await Fixtures.connector.deliver(outbound("Вот", inbox: Self.inbox(base), attachments: [program]))
            }
            #expect(
                failure == .permanent("VK refused the file setup.exe: file type not allowed: exe files are forbidden"))
        }
        #expect(await vk.requests(to: "/method/messages.send").isEmpty)
    }

    @Test func anUploadServerErrorIsMappedLikeAnySend() async throws {
        let vk = FakeVK()
        await vk.answer(
            "/method/docs.getMessagesUploadServer",
            json: #"{"error": {"error_code": 9, "error_msg": "Flood control"}}"#)
        try await vk.serve { base in
            let failure = await failure {
                try await Fixtures.connector.deliver(
                    outbound("Вот", inbox: Self.inbox(base), attachments: [Self.invoice]))
            }
            #expect(failure == .throttled("VK error 9: Flood control", retryAfter: .seconds(60)))
        }
    }

    @Test func elevenFilesNeedTwoSends() async throws {
        let vk = FakeVK()
        try await vk.serve { base in
            await vk.answer(
                "/method/docs.getMessagesUploadServer", json: #"{"response": {"upload_url": "\#(base)/upload/doc"}}"#)
            await vk.answer("/upload/doc", json: #"{"file": "token"}"#)
            await vk.answer(
                "/method/docs.save", json: #"{"response": {"type": "doc", "doc": {"id": 9, "owner_id": 1}}}"#)
            let files = Array(repeating: Self.invoice, count: 11)
            _ = try await Fixtures.connector.deliver(
                outbound("Документы", messageID: 8, inbox: Self.inbox(base), attachments: files))
        }
        let sends = await vk.requests(to: "/method/messages.send").map(\.form)
        try #require(sends.count == 2)
        #expect(sends[0]["message"] == "Документы")
        #expect(sends[0]["attachment"]?.split(separator: ",").count == 10)
        #expect(sends[1]["message"] == "")
        #expect(sends[1]["attachment"] == "doc1_9")
        #expect(sends[0]["random_id"] != sends[1]["random_id"])
    }
}
