import Foundation
import SwitchboardCore
import Testing

@testable import WhatsAppConnector

/// Replies with files: uploaded to `/{phone_number_id}/media` first, then sent by media id.
@Suite struct AttachmentDeliveryTests {
    @Test func photoIsUploadedThenSentWithTheTextAsCaption() async throws {
        let graph = FakeGraph()
        await graph.on("POST", DeliveryTests.mediaPath, .json(#"{"id":"1037543291543636"}"#))
        await graph.on("POST", DeliveryTests.messagesPath, try .fixture("send-accepted.json", status: 200))
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01, 0x02]
        let photo = OutboundAttachment(name: "схема.png", contentType: "image/png", data: png)
        try await graph.serve { origin in
            let receipt = try await Fixtures.connector.deliver(
                DeliveryTests.reply("Вот схема проезда", attachments: [photo], origin: origin))
            #expect(receipt.externalID == DeliveryTests.sentID)
        }
        let received = await graph.received
        #expect(received.map(\.path) == [DeliveryTests.mediaPath, DeliveryTests.messagesPath])
        guard received.count == 2 else { return }

        let upload = received[0]
        #expect(upload.headers["authorization"] == "Bearer \(Fixtures.accessToken)")
        let contentType = try #require(upload.headers["content-type"])
        #expect(contentType.hasPrefix("multipart/form-data; boundary="))
        let boundary = String(contentType.dropFirst("multipart/form-data; boundary=".count))
        let parts = Multipart.parts(upload.body, boundary: boundary)
        #expect(parts.map(\.name) == ["messaging_product", "type", "file"])
        #expect(parts.first { $0.name == "messaging_product" }?.text == "whatsapp")
        #expect(parts.first { $0.name == "type" }?.text == "image/png")
        let file = try #require(parts.first { $0.name == "file" })
        #expect(file.fileName == "схема.png")
        #expect(file.contentType == "image/png")
        #expect(file.data == png)

        #expect(
            try received[1].json()
                == .object([
                    "messaging_product": "whatsapp", "recipient_type": "individual", "to": "79161234567",
                    "type": "image",
                    "image": .object(["id": "1037543291543636", "caption": "Вот схема проезда"]),
                ])
        )
    }

    @Test func longTextGoesFirstThenTheDocumentWithItsName() async throws {
        let graph = FakeGraph()
        await graph.on("POST", DeliveryTests.mediaPath, .json(#"{"id":"2205599112233"}"#))
        await graph.on(
            "POST", DeliveryTests.messagesPath, .json(#"{"messages":[{"id":"wamid.TEXT"}]}"#),
            .json(#"{"messages":[{"id":"wamid.DOC"}]}"#)
        )
        let text = String(repeating: "Условия возврата. ", count: 80)
        let pdf = OutboundAttachment(name: "Договор.pdf", contentType: "application/pdf", data: Array("%PDF-1.4".utf8))
        try await graph.serve { origin in
            let receipt = try await Fixtures.connector.deliver(
                DeliveryTests.reply(text, attachments: [pdf], origin: origin))
            #expect(receipt.externalID == "wamid.TEXT")
        }
        let received = await graph.received
        #expect(
            received.map(\.path) == [DeliveryTests.mediaPath, DeliveryTests.messagesPath, DeliveryTests.messagesPath])
        guard received.count == 3 else { return }
        #expect(try received[1].json()["text"]?["body"] == .string(text))
        #expect(
            try received[2].json()["document"] == .object(["id": "2205599112233", "filename": "Договор.pdf"])
        )
    }

    @Test func refusedUploadSendsNothing() async throws {
        let graph = FakeGraph()
        await graph.on(
            "POST", DeliveryTests.mediaPath,
            .json(
                #"{"error":{"message":"(#100) Param file must be a file with one of the following types: audio/aac, audio/mp4, audio/mpeg, audio/amr, audio/ogg, text/plain, application/pdf","type":"OAuthException","code":100}}"#,
                status: 400)
        )
        let archive = OutboundAttachment(name: "logs.7z", contentType: "application/x-7z-compressed", data: [1, 2, 3])
        try await graph.serve { origin in
            let failure = await DeliveryTests.failure(
                DeliveryTests.reply("Логи", attachments: [archive], origin: origin))
            guard case .permanent(let reason) = failure else {
                Issue.record("expected permanent, got \(String(describing: failure))")
                return
            }
            #expect(reason.contains("Param file must be a file"))
        }
        #expect(await graph.received.map(\.path) == [DeliveryTests.mediaPath])
    }

    @Test func typeParametersAreDroppedForWhatsAppsTypeCheck() async throws {
        let graph = FakeGraph()
        await graph.on("POST", DeliveryTests.mediaPath, .json(#"{"id":"55"}"#))
        await graph.on("POST", DeliveryTests.messagesPath, try .fixture("send-accepted.json", status: 200))
        let note = OutboundAttachment(
            name: "заметка.txt", contentType: "text/plain; charset=utf-8", data: Array("да".utf8))
        try await graph.serve { origin in
            _ = try await Fixtures.connector.deliver(DeliveryTests.reply("", attachments: [note], origin: origin))
        }
        let received = await graph.received
        #expect(received.count == 2)
        guard received.count == 2 else { return }
        let boundary = try #require(received[0].headers["content-type"]?.components(separatedBy: "boundary=").last)
        let parts = Multipart.parts(received[0].body, boundary: boundary)
        #expect(parts.first { $0.name == "type" }?.text == "text/plain")
        #expect(
            try received[1].json()
                == .object([
                    "messaging_product": "whatsapp", "recipient_type": "individual", "to": "79161234567",
                    "type": "document", "document": .object(["id": "55", "filename": "заметка.txt"]),
                ])
        )
    }
}
