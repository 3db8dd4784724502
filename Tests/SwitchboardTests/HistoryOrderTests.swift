import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@testable import switchboard

/// A long history opens at its end: `order=newest` pages backwards from the latest message.
@Suite("History order")
struct HistoryOrderTests {
    @Test("order=newest gives the latest first and pages back to the first; the default stays oldest first; a bad order is 422")
    func newestFirst() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            let inbox = try #require(try await org.apiInbox()["id"]?.int)
            for number in 1...5 { try await org.post(inbox: inbox, externalID: "m\(number)", sender: "c1", content: "message \(number)") }
            let conversation = try #require(
                try await harness.request(.get, "/api/v1/conversations", token: org.adminToken).json["items"]?[0]?["id"]?.int
            )
            let path = "/api/v1/conversations/\(conversation)/messages"
            let first = try await harness.request(.get, "\(path)?order=newest&limit=2", token: org.adminToken)
            #expect(first.json["items"]?.array.compactMap { $0["content"]?.string } == ["message 5", "message 4"])
            let cursor = try #require(first.json["next_cursor"]?.string)
            let second = try await harness.request(.get, "\(path)?order=newest&limit=2&cursor=\(cursor)", token: org.adminToken)
            #expect(second.json["items"]?.array.compactMap { $0["content"]?.string } == ["message 3", "message 2"])
            let last = try await harness.request(
                .get, "\(path)?order=newest&limit=2&cursor=\(try #require(second.json["next_cursor"]?.string))", token: org.adminToken
            )
            #expect(last.json["items"]?.array.compactMap { $0["content"]?.string } == ["message 1"])
            #expect(last.json["next_cursor"] == .null)

            let oldest = try await harness.request(.get, "\(path)?limit=2", token: org.adminToken)
            #expect(oldest.json["items"]?.array.compactMap { $0["content"]?.string } == ["message 1", "message 2"])
            let bad = try await harness.request(.get, "\(path)?order=sideways", token: org.adminToken)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.json["errors"]?[0]?["field"]?.string == "order")
        }
    }
}
