import Foundation
import HTTPTypes
import SwitchboardCore
import Testing

@testable import switchboard

/// A reply a platform takes as several messages reaches the person once per part, even when a part
/// fails and the delivery is tried again.
@Suite("Multi-part replies")
struct MultipartReplyTests {
    /// Four paragraphs of about 2,600 UTF-16 units each: Telegram needs one message per paragraph.
    static let paragraphs = (1...4).map { "\($0). " + String(repeating: "Довга відповідь з емодзі 🙂. ", count: 90) }

    @Test("Telegram refuses part 2 of a split reply once: after the retry the contact has every part exactly once")
    func splitReplyRetriedFromTheFailedPart() async throws {
        try await Harness.run { harness in
            let telegram = StandInTelegram(refusing: [2])
            try await telegram.serve { base in
                let org = try await harness.account()
                let inbox = try await TelegramWebhookTests.inbox(org, base: base)
                let update = TelegramWebhookTests.textUpdate(id: 1, messageID: 1, text: "Hi")
                #expect(try await TelegramWebhookTests.update(harness, uid: inbox.uid, update).status == .ok)
                let list = try await harness.request(.get, "/api/v1/conversations", token: org.adminToken)
                let conversation = try #require(list.json["items"]?[0]?["id"]?.int)

                let body = try JSONEncoder().encode(["content": Self.paragraphs.joined(separator: "\n")])
                let posted = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
                    json: String(decoding: body, as: UTF8.self)
                )
                try #require(posted.status == .created)
                let worker = harness.assembly.deliveryWorker(.init(retry: RetryPolicy(maxAttempts: 5, initialDelay: .zero)))

                #expect(try await worker.runOnce() == 1)
                #expect(await telegram.received == [Self.paragraphs[0]], "part 1 went out, part 2 was refused")
                #expect(try await harness.count("SELECT count(*)::int FROM outbox_parts") == 1)
                let queued = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
                #expect(queued.json["items"]?[1]?["delivery_status"]?.string == "queued")

                #expect(try await worker.runOnce() == 1)
                #expect(await telegram.received == Self.paragraphs, "each part exactly once, in order")
                #expect(
                    await telegram.calls.map(\.text) == Array(Self.paragraphs.prefix(2)) + Self.paragraphs.dropFirst(),
                    "part 2 was asked for twice (refused, then accepted); part 1 only once"
                )
                let sent = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
                #expect(sent.json["items"]?[1]?["delivery_status"]?.string == "sent")
                #expect(
                    try await harness.count("SELECT count(*)::int FROM messages WHERE external_id = '42:701'") == 1,
                    "the message is known by the id of its first part"
                )
                #expect(try await worker.runOnce() == 0)
                #expect(await telegram.calls.count == 5)
            }
        }
    }
}
