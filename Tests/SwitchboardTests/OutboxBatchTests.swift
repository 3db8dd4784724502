import Foundation
import HTTPTypes
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import switchboard

/// A claimed batch is loaded with one query per kind of data, not per row: each reply must still come
/// with its own contact, inbox, text and receipt history.
@Suite("Outbox batches")
struct OutboxBatchTests {
    @Test("every reply of a claimed batch carries its own contact, inbox, content and accepted parts")
    func batchKeepsRowsApart() async throws {
        try await Harness.run { harness in
            let org = try await harness.account()
            var expected: [Int64: (content: String, contact: String, inbox: Int64)] = [:]
            for number in 1...3 {
                let inbox = try #require(
                    try await org.apiInbox(
                        name: "Partner \(number)", config: #"{"callback_url": "https://partner.test/\#(number)", "secret": "a-shared-secret-for-signatures"}"#
                    )["id"]?.int
                )
                let posted = try await org.post(inbox: inbox, externalID: "in-\(number)", sender: "user-\(number)", name: "Person \(number)")
                let conversation = try #require(posted.json["conversation_id"]?.int)
                let reply = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
                    json: #"{"content": "Answer \#(number)"}"#
                )
                let messageID = try #require(reply.json["id"]?.int)
                expected[messageID] = ("Answer \(number)", "Person \(number)", inbox)
            }
            _ = try await harness.count(
                """
                INSERT INTO outbox_parts (account_id, outbox_id, part, external_id)
                SELECT account_id, id, 0, 'first-part' FROM outbox
                WHERE message_id = (SELECT max(message_id) FROM outbox) RETURNING 0
                """
            )

            let jobs = try await harness.store.claimDueJobs(limit: 10, lease: .seconds(60))
            #expect(jobs.count == 3)
            for job in jobs {
                let want = try #require(expected[job.message.messageID])
                #expect(job.message.content == want.content)
                #expect(job.message.contactName == want.contact)
                #expect(job.message.inbox.id == want.inbox)
                #expect(job.message.recipientExternalID == want.contact.replacingOccurrences(of: "Person ", with: "user-"))
                let isLast = job.message.messageID == expected.keys.max()
                #expect(job.acceptedParts == (isLast ? ["first-part"] : []))
            }
        }
    }
}
