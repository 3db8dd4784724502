import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@testable import TelegramConnector

/// Downloading customers' files and registering the webhook, against a local stand-in for the Bot API.
@Suite struct FilesAndWebhookTests {
    static let methodPath = "/bot\(Fixtures.botToken)/"

    @Test func downloadResolvesTheFileIDThenFetchesTheFile() async throws {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46]
        let api = FakeBotAPI()
        await api.script(Self.methodPath + "getFile", try .init(status: .ok, fixture: "answer-get-file.json"))
        await api.script(
            "/file/bot\(Fixtures.botToken)/photos/file_17.jpg",
            FakeBotAPI.Answer(status: .ok, contentType: "image/jpeg", body: jpeg)
        )
        let media = try await api.serve { base in
            try await Fixtures.connector().downloadMedia(
                reference: "AgACAgIAAxkBAAIBK2Vlarge", inbox: Fixtures.inbox(apiBaseURL: base)
            )
        }
        #expect(media == DownloadedMedia(data: jpeg, contentType: "image/jpeg"))
        let calls = await api.calls
        #expect(calls.map(\.method) == [.get, .get])
        #expect(
            calls.map(\.path) == [
                Self.methodPath + "getFile", "/file/bot\(Fixtures.botToken)/photos/file_17.jpg",
            ])
        #expect(calls.first?.query == "file_id=AgACAgIAAxkBAAIBK2Vlarge")
    }

    @Test func genericFileTypeLeavesTheStoredTypeAlone() async throws {
        let api = FakeBotAPI()
        await api.script(Self.methodPath + "getFile", try .init(status: .ok, fixture: "answer-get-file.json"))
        await api.script(
            "/file/bot\(Fixtures.botToken)/photos/file_17.jpg",
            FakeBotAPI.Answer(status: .ok, contentType: "application/octet-stream", body: [1, 2, 3])
        )
        let media = try await api.serve { base in
            try await Fixtures.connector().downloadMedia(reference: "x", inbox: Fixtures.inbox(apiBaseURL: base))
        }
        #expect(media == DownloadedMedia(data: [1, 2, 3], contentType: nil))
    }

    @Test func fileTelegramWillNotServeIsPermanent() async throws {
        let api = FakeBotAPI()
        let tooBig = #"{"ok":false,"error_code":400,"description":"Bad Request: file is too big"}"#
        await api.script(Self.methodPath + "getFile", .json(.badRequest, Array(tooBig.utf8)))
        let failure = try await api.serve { base in
            await Fixtures.failure { () async throws(DeliveryFailure) in
                try await Fixtures.connector().downloadMedia(reference: "big", inbox: Fixtures.inbox(apiBaseURL: base))
            }
        }
        #expect(failure == .permanent("Bad Request: file is too big"))
    }

    @Test func fileServerTroubleIsTemporary() async throws {
        let api = FakeBotAPI()
        await api.script(Self.methodPath + "getFile", try .init(status: .ok, fixture: "answer-get-file.json"))
        await api.script(
            "/file/bot\(Fixtures.botToken)/photos/file_17.jpg",
            FakeBotAPI.Answer(status: .serviceUnavailable, contentType: "text/plain", body: Array("busy".utf8))
        )
        let failure = try await api.serve { base in
            await Fixtures.failure { () async throws(DeliveryFailure) in
                try await Fixtures.connector().downloadMedia(reference: "x", inbox: Fixtures.inbox(apiBaseURL: base))
            }
        }
        #expect(failure == .temporary("Telegram answered HTTP 503 for the file"))
    }

    @Test func registrationSetsTheWebhookWithTheSecretToken() async throws {
        let api = FakeBotAPI()
        await api.script(Self.methodPath + "setWebhook", try .init(status: .ok, fixture: "answer-set-webhook.json"))
        let registration = try await api.serve { base in
            await Fixtures.connector().registerWebhook(
                url: "https://help.example.org/webhooks/tg7Hq2", inbox: Fixtures.inbox(apiBaseURL: base)
            )
        }
        #expect(registration == WebhookRegistration(succeeded: true, message: "Webhook was set"))
        let call = try #require(await api.calls.first)
        #expect(call.method == .post)
        #expect(call.path == Self.methodPath + "setWebhook")
        #expect(call.contentType == "application/json")
        #expect(call.json["url"] as? String == "https://help.example.org/webhooks/tg7Hq2")
        #expect(call.json["secret_token"] as? String == Fixtures.secretToken)
        #expect(call.json["allowed_updates"] as? [String] == ["message", "edited_message", "my_chat_member"])
        #expect(call.json.count == 3)
    }

    @Test func refusedRegistrationReportsTelegramsWords() async throws {
        let api = FakeBotAPI()
        let reason = "Bad Request: bad webhook: HTTPS url must be provided for webhook"
        let refusal = #"{"ok":false,"error_code":400,"description":"\#(reason)"}"#
        await api.script(Self.methodPath + "setWebhook", .json(.badRequest, Array(refusal.utf8)))
        let registration = try await api.serve { base in
            await Fixtures.connector().registerWebhook(
                url: "http://help.example.org/webhooks/tg7Hq2", inbox: Fixtures.inbox(apiBaseURL: base)
            )
        }
        #expect(
            registration
                == WebhookRegistration(
                    succeeded: false, message: "Bad Request: bad webhook: HTTPS url must be provided for webhook"
                ))
    }

    @Test func registrationNeedsASecretToken() async throws {
        let api = FakeBotAPI()
        let registration = try await api.serve { base in
            await Fixtures.connector().registerWebhook(
                url: "https://help.example.org/webhooks/tg7Hq2",
                inbox: Fixtures.inbox(config: ["bot_token": .string(Fixtures.botToken)], apiBaseURL: base)
            )
        }
        #expect(registration?.succeeded == false)
        #expect(await api.calls.isEmpty)
    }
}
