import Foundation
import PlatformStandIn
import SwitchboardCore
import Testing

@testable import WhatsAppConnector

/// A retry of a reply WhatsApp takes as several messages sends, and uploads the files of, only the
/// parts WhatsApp has not accepted yet.
@Suite struct RetryTests {
    @Test func retryAfterTheTextUploadsAndSendsOnlyTheFile() async throws {
        let graph = FakeGraph()
        await graph.on("POST", DeliveryTests.mediaPath, .json(#"{"id":"2205599112233"}"#))
        await graph.on("POST", DeliveryTests.messagesPath, .json(#"{"messages":[{"id":"wamid.DOC"}]}"#))
        let text = String(repeating: "Условия возврата. ", count: 80)
        let pdf = OutboundAttachment(name: "Договор.pdf", contentType: "application/pdf", data: Array("%PDF-1.4".utf8))
        let ledger = PartLedger()
        let progress = await ledger.progress(accepted: ["wamid.TEXT"])
        try await graph.serve { origin in
            let receipt = try await Fixtures.connector.deliver(
                DeliveryTests.reply(text, attachments: [pdf], origin: origin), progress: progress)
            #expect(receipt.externalID == "wamid.TEXT", "statuses still refer to the message carrying the text")
        }
        let received = await graph.received
        #expect(received.map(\.path) == [DeliveryTests.mediaPath, DeliveryTests.messagesPath])
        #expect(try received.last?.json()["type"] == "document")
        #expect(await ledger.recorded == [1])
    }

    @Test func retryAfterEverythingWasAcceptedSendsNothing() async throws {
        let graph = FakeGraph()
        let pdf = OutboundAttachment(name: "Договор.pdf", contentType: "application/pdf", data: Array("%PDF-1.4".utf8))
        let ledger = PartLedger()
        let progress = await ledger.progress(accepted: ["wamid.DOC"])
        try await graph.serve { origin in
            let receipt = try await Fixtures.connector.deliver(
                DeliveryTests.reply("Договор", attachments: [pdf], origin: origin), progress: progress)
            #expect(receipt.externalID == "wamid.DOC")
        }
        #expect(await graph.received.isEmpty, "nothing is uploaded or sent again")
        #expect(await ledger.recorded.isEmpty)
    }
}
