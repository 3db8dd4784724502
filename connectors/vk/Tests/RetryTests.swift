import Foundation
import PlatformStandIn
import SwitchboardCore
import Testing

@testable import VKConnector

/// A retry of a reply VK takes as several `messages.send` calls sends, and uploads the files of, only
/// the parts VK has not accepted yet.
@Suite struct RetryTests {
    @Test func retryUploadsAndSendsOnlyTheRemainingParts() async throws {
        let paragraph = String(repeating: "Слово ", count: 500)  // 3,000 characters
        // Two text parts; the first ten files ride with the second, the eleventh goes alone as part 3.
        let files = (1...11).map {
            OutboundAttachment(name: "file\($0).pdf", contentType: "application/pdf", data: Array("%PDF \($0)".utf8))
        }
        let vk = FakeVK()
        let ledger = PartLedger()
        let progress = await ledger.progress(accepted: ["10", "11"])
        let receipt = try await vk.serve { base in
            await vk.answer(
                "/method/docs.getMessagesUploadServer", json: #"{"response": {"upload_url": "\#(base)/upload/doc"}}"#)
            await vk.answer("/upload/doc", json: #"{"file": "token"}"#)
            await vk.answer("/method/docs.save", json: #"{"response": {"type": "doc", "doc": {"id": 11, "owner_id": 5}}}"#)
            await vk.answer("/method/messages.send", json: #"{"response": 12}"#)
            return try await Fixtures.connector.deliver(
                outbound(paragraph + "\n" + paragraph, messageID: 300, inbox: AttachmentUploadTests.inbox(base), attachments: files),
                progress: progress
            )
        }
        #expect(receipt.externalID == "10", "the reply is still known by its first part")
        #expect(await vk.requests(to: "/upload/doc").count == 1, "only the eleventh file is uploaded")
        let sends = await vk.requests(to: "/method/messages.send")
        try #require(sends.count == 1)
        #expect(sends[0].form["attachment"] == "doc5_11")
        #expect(sends[0].form["random_id"] == String(0x0200_0000 | 300), "the part keeps its own random_id")
        #expect(await ledger.recorded == [2])
    }
}
