import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import SwitchboardCore
import Testing

@testable import TelegramConnector

/// Replies sent to a local stand-in for the Bot API, which records exactly what arrived.
@Suite struct DeliveryTests {
    static let methodPath = "/bot\(Fixtures.botToken)/"

    @Test func textReplyIsOneSendMessage() async throws {
        let api = FakeBotAPI()
        await api.script(Self.methodPath + "sendMessage", try .init(status: .ok, fixture: "answer-send-ok.json"))
        try await api.serve { base in
            let receipt = try await Fixtures.connector().deliver(
                Fixtures.reply("Добрый день! Чем помочь? 😊", inbox: Fixtures.inbox(apiBaseURL: base))
            )
            #expect(receipt == DeliveryReceipt(externalID: "123456789:501"))
        }
        let calls = await api.calls
        #expect(calls.count == 1)
        let call = try #require(calls.first)
        #expect(call.method == .post)
        #expect(call.path == Self.methodPath + "sendMessage")
        #expect(call.contentType == "application/json")
        #expect(call.json.count == 2)
        #expect(call.json["chat_id"] as? Int == 123_456_789)
        #expect(call.json["text"] as? String == "Добрый день! Чем помочь? 😊")
    }

    @Test func baseURLWithTrailingSlashStillReachesTheMethod() async throws {
        let api = FakeBotAPI()
        try await api.serve { base in
            _ = try await Fixtures.connector().deliver(
                Fixtures.reply("ok", inbox: Fixtures.inbox(apiBaseURL: base + "/")))
        }
        #expect(await api.calls.map(\.path) == [Self.methodPath + "sendMessage"])
    }

    @Test func longReplyIsSplitIntoSeveralMessages() async throws {
        let paragraph = String(repeating: "Очень длинный ответ с эмодзи 🙂. ", count: 80)
        let lines = (1...4).map { "\($0). " + paragraph }
        let text = lines.joined(separator: "\n")
        #expect(text.utf16.count > 2 * 4096)
        let api = FakeBotAPI()
        try await api.serve { base in
            let receipt = try await Fixtures.connector().deliver(
                Fixtures.reply(text, inbox: Fixtures.inbox(apiBaseURL: base))
            )
            #expect(receipt == DeliveryReceipt(externalID: "123456789:501"))
        }
        let calls = await api.calls
        #expect(calls.allSatisfy { $0.path == Self.methodPath + "sendMessage" })
        let pieces = calls.map { $0.json["text"] as? String }
        #expect(pieces == lines)  // each piece ends at a line break, nothing lost
        #expect(pieces.allSatisfy { ($0?.utf16.count ?? 0) <= 4096 })
    }

    @Test func onePictureCarriesTheTextAsCaption() async throws {
        let picture = OutboundAttachment(
            name: "схема.png", contentType: "image/png", data: [0x89, 0x50, 0x4E, 0x47, 0, 1])
        let api = FakeBotAPI()
        try await api.serve { base in
            let receipt = try await Fixtures.connector().deliver(
                Fixtures.reply("Схема проезда", attachments: [picture], inbox: Fixtures.inbox(apiBaseURL: base))
            )
            #expect(receipt == DeliveryReceipt(externalID: "123456789:501"))
        }
        let calls = await api.calls
        #expect(calls.map(\.path) == [Self.methodPath + "sendPhoto"])
        let call = try #require(calls.first)
        #expect(call.contentType?.hasPrefix("multipart/form-data; boundary=") == true)
        let parts = FormPart.parse(call.body, contentType: call.contentType)
        #expect(parts.map(\.name) == ["chat_id", "caption", "photo"])
        #expect(parts.first { $0.name == "chat_id" }?.text == "123456789")
        #expect(parts.first { $0.name == "caption" }?.text == "Схема проезда")
        let file = try #require(parts.first { $0.name == "photo" })
        #expect(file.fileName == "схема.png")
        #expect(file.contentType == "image/png")
        #expect(file.data == picture.data)
    }

    @Test func otherFilesGoAsDocumentsAfterTheText() async throws {
        let pdf = OutboundAttachment(name: "памятка.pdf", contentType: "application/pdf", data: Array("%PDF-1.7".utf8))
        let gif = OutboundAttachment(name: "hello.gif", contentType: "image/gif", data: Array("GIF89a".utf8))
        let api = FakeBotAPI()
        try await api.serve { base in
            let receipt = try await Fixtures.connector().deliver(
                Fixtures.reply("Два файла", attachments: [pdf, gif], inbox: Fixtures.inbox(apiBaseURL: base))
            )
            #expect(receipt == DeliveryReceipt(externalID: "123456789:501"))
        }
        let calls = await api.calls
        #expect(calls.map(\.path) == ["sendMessage", "sendDocument", "sendDocument"].map { Self.methodPath + $0 })
        #expect(calls.first?.json["text"] as? String == "Два файла")
        for (call, attachment) in zip(calls.dropFirst(), [pdf, gif]) {
            let parts = FormPart.parse(call.body, contentType: call.contentType)
            #expect(parts.map(\.name) == ["chat_id", "document"])
            #expect(parts.last?.fileName == attachment.name)
            #expect(parts.last?.data == attachment.data)
        }
    }

    @Test func fileWithoutTextHasNoCaption() async throws {
        let pdf = OutboundAttachment(name: "form.pdf", contentType: "application/pdf", data: [1, 2, 3])
        let api = FakeBotAPI()
        try await api.serve { base in
            _ = try await Fixtures.connector().deliver(
                Fixtures.reply("", attachments: [pdf], inbox: Fixtures.inbox(apiBaseURL: base))
            )
        }
        let calls = await api.calls
        #expect(calls.map(\.path) == [Self.methodPath + "sendDocument"])
        let parts = FormPart.parse(try #require(calls.first).body, contentType: calls.first?.contentType)
        #expect(parts.map(\.name) == ["chat_id", "document"])
    }

    @Test func textTooLongForACaptionGoesFirst() async throws {
        let text = String(repeating: "а", count: 1500)
        let photo = OutboundAttachment(name: "p.jpg", contentType: "image/jpeg", data: [0xFF, 0xD8, 0xFF])
        let api = FakeBotAPI()
        try await api.serve { base in
            _ = try await Fixtures.connector().deliver(
                Fixtures.reply(text, attachments: [photo], inbox: Fixtures.inbox(apiBaseURL: base))
            )
        }
        let calls = await api.calls
        #expect(calls.map(\.path) == ["sendMessage", "sendPhoto"].map { Self.methodPath + $0 })
        #expect(calls.first?.json["text"] as? String == text)
        #expect(!FormPart.parse(calls[1].body, contentType: calls[1].contentType).map(\.name).contains("caption"))
    }

    @Test func floodControlWaitsAsLongAsTelegramAsks() async throws {
        let failure = try await failureOf(
            answering: try .init(status: .tooManyRequests, fixture: "answer-too-many-requests.json"))
        #expect(failure == .throttled("Too Many Requests: retry after 5", retryAfter: .seconds(5)))
    }

    @Test func blockedUserIsPermanentWithTelegramsText() async throws {
        let failure = try await failureOf(answering: try .init(status: .forbidden, fixture: "answer-blocked.json"))
        #expect(failure == .permanent("Forbidden: bot was blocked by the user"))
    }

    @Test func unknownChatIsPermanentWithTelegramsText() async throws {
        let failure = try await failureOf(
            answering: try .init(status: .badRequest, fixture: "answer-chat-not-found.json"))
        #expect(failure == .permanent("Bad Request: chat not found"))
    }

    @Test func serverErrorsAreTemporary() async throws {
        let failure = try await failureOf(
            answering: try .init(status: .badGateway, fixture: "answer-server-error.json"))
        #expect(failure == .temporary("Bad Gateway"))
        let html = FakeBotAPI.Answer(
            status: .internalServerError, contentType: "text/html", body: Array("<h1>oops</h1>".utf8)
        )
        let unreadable = try await failureOf(answering: html)
        #expect(unreadable == .temporary("Telegram answered HTTP 500 to sendMessage with an unreadable body"))
    }

    @Test func unreachableTelegramIsTemporaryAndNeverShowsTheToken() async throws {
        let inbox = Fixtures.inbox(apiBaseURL: "http://127.0.0.1:1")
        let connector = TelegramConnector(httpClient: .shared, timeout: .seconds(1))
        let failure = await #expect(throws: DeliveryFailure.self) {
            try await connector.deliver(Fixtures.reply("hi", inbox: inbox))
        }
        guard case .temporary(let reason) = failure else {
            Issue.record("expected a temporary failure, got \(String(describing: failure))")
            return
        }
        #expect(reason.hasPrefix("could not reach Telegram for sendMessage"))
        #expect(!reason.contains(Fixtures.botToken))
    }

    @Test func missingSettingsFailPermanentlyWithoutACall() async throws {
        let noToken = Fixtures.inbox(config: ["secret_token": .string(Fixtures.secretToken)])
        await #expect(throws: DeliveryFailure.permanent("the inbox has no bot_token")) {
            try await Fixtures.connector().deliver(Fixtures.reply("hi", inbox: noToken))
        }
        await #expect(throws: DeliveryFailure.permanent("the contact has no Telegram chat with this bot")) {
            try await Fixtures.connector().deliver(Fixtures.reply("hi", to: nil, inbox: Fixtures.inbox()))
        }
        await #expect(throws: DeliveryFailure.permanent("the reply has no text and no attachments")) {
            try await Fixtures.connector().deliver(Fixtures.reply("  \n", inbox: Fixtures.inbox()))
        }
    }

    /// The failure a text reply ends in when Telegram answers `sendMessage` with `answer`.
    private func failureOf(answering answer: FakeBotAPI.Answer) async throws -> DeliveryFailure? {
        let api = FakeBotAPI()
        await api.script(Self.methodPath + "sendMessage", answer)
        return try await api.serve { base in
            await Fixtures.failure { () async throws(DeliveryFailure) in
                try await Fixtures.connector().deliver(Fixtures.reply("hi", inbox: Fixtures.inbox(apiBaseURL: base)))
            }
        }
    }
}

extension FakeBotAPI.Answer {
    init(status: HTTPResponse.Status, fixture: String) throws {
        self.init(status: status, contentType: "application/json", body: try Fixtures.bytes(fixture))
    }
}
