import Foundation
import SwitchboardCore
import Testing

@testable import ViberConnector

/// The parts an earlier attempt got accepted, as the delivery worker hands them over, and the parts
/// this attempt records.
actor PartLedger {
    private(set) var recorded: [Int] = []

    func progress(accepted: [String?]) -> DeliveryProgress {
        DeliveryProgress(accepted: accepted) { part, _ in await self.record(part) }
    }

    private func record(_ part: Int) { recorded.append(part) }
}

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
