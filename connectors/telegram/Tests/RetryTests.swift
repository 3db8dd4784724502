import Foundation
import HTTPTypes
import PlatformStandIn
import SwitchboardCore
import Testing

@testable import TelegramConnector

/// A retry of a reply Telegram takes as several messages sends only the parts not yet accepted.
@Suite struct RetryTests {
    static let methodPath = "/bot\(Fixtures.botToken)/"

    @Test func retryOfASplitTextSendsTheRemainingPiecesOnly() async throws {
        let lines = (1...3).map { "\($0). " + String(repeating: "Очень длинный ответ 🙂. ", count: 160) }
        let api = FakeBotAPI()
        let ledger = PartLedger()
        let progress = await ledger.progress(accepted: ["123456789:400"])
        let receipt = try await api.serve { base in
            try await Fixtures.connector().deliver(
                Fixtures.reply(lines.joined(separator: "\n"), inbox: Fixtures.inbox(apiBaseURL: base)), progress: progress
            )
        }
        #expect(await api.calls.map { $0.json["text"] as? String } == Array(lines.dropFirst()))
        #expect(await ledger.recorded == [1, 2])
        #expect(receipt == DeliveryReceipt(externalID: "123456789:400"), "the reply is still known by its first part")
    }

    @Test func retryAfterTheTextSendsOnlyTheFiles() async throws {
        let text = String(repeating: "Подпись не влезает. ", count: 80)
        let files = [
            OutboundAttachment(name: "a.pdf", contentType: "application/pdf", data: Array("%PDF-1.4".utf8)),
            OutboundAttachment(name: "b.pdf", contentType: "application/pdf", data: Array("%PDF-1.5".utf8)),
        ]
        let api = FakeBotAPI()
        let ledger = PartLedger()
        let progress = await ledger.progress(accepted: ["123456789:400", "123456789:401"])
        try await api.serve { base in
            _ = try await Fixtures.connector().deliver(
                Fixtures.reply(text, attachments: files, inbox: Fixtures.inbox(apiBaseURL: base)), progress: progress
            )
        }
        #expect(await api.calls.map(\.path) == [Self.methodPath + "sendDocument"])
        #expect(await ledger.recorded == [2])
    }

    @Test func aFailedPartStopsTheAttemptAndIsNotRecorded() async throws {
        let lines = (1...3).map { "\($0). " + String(repeating: "Очень длинный ответ 🙂. ", count: 160) }
        let api = FakeBotAPI()
        await api.script(Self.methodPath + "sendMessage", .json(.ok, Array(#"{"ok":true,"result":{"message_id":9,"chat":{"id":1}}}"#.utf8)))
        await api.script(
            Self.methodPath + "sendMessage",
            .json(.internalServerError, Array(#"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#.utf8))
        )
        let ledger = PartLedger()
        let progress = await ledger.progress(accepted: [])
        let failure: DeliveryFailure? = try await api.serve { base in
            do throws(DeliveryFailure) {
                _ = try await Fixtures.connector().deliver(
                    Fixtures.reply(lines.joined(separator: "\n"), inbox: Fixtures.inbox(apiBaseURL: base)), progress: progress
                )
                return nil
            } catch {
                return error
            }
        }
        guard case .temporary = failure else {
            Issue.record("expected a temporary failure, got \(String(describing: failure))")
            return
        }
        #expect(await api.calls.count == 2, "part 3 waits for the retry")
        #expect(await ledger.recorded == [0])
    }
}
