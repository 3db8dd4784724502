import Foundation
import PlatformStandIn
import SwitchboardCore
import Testing

@testable import ViberConnector

/// A retry of a long Viber reply sends only the pieces Viber has not accepted yet.
@Suite struct RetryTests {
    @Test func retrySendsTheRemainingPiecesOnly() async throws {
        let paragraph = String(repeating: "Слово ", count: 900)  // 5,400 characters
        let viber = FakeViber()
        await viber.enqueue(.json(#"{"status":0,"status_message":"ok","message_token":1002}"#))
        let ledger = PartLedger()
        let progress = await ledger.progress(accepted: ["1001"])
        try await viber.serve { base in
            let receipt = try await DeliveryTests().connector.deliver(
                DeliveryTests.reply(paragraph + "\n" + paragraph, base: base), progress: progress)
            #expect(receipt.externalID == "1002", "the receipt names the last piece, as Viber's callbacks do")
        }
        #expect(await viber.received.compactMap { $0.json?["text"] as? String } == [paragraph])
        #expect(await ledger.recorded == [1])
    }
}
