import AsyncHTTPClient
import Crypto
import Foundation
import HTTPTypes
import PostgresNIO
import SwitchboardCore
import SwitchboardStore
import Testing

@testable import ApiChannelConnector
@testable import switchboard

@Suite("Outbox delivery to the api channel's callback URL")
struct OutboxTests {
    static let secret = "a-shared-secret-for-signatures"

    /// An api inbox pointing at the recorder, one conversation in it; returns its id.
    static func conversation(_ org: TestAccount, callback: String) async throws -> Int64 {
        let inbox = try #require(
            try await org.apiInbox(config: #"{"callback_url": "\#(callback)", "secret": "\#(secret)"}"#)["id"]?.int
        )
        let posted = try await org.post(inbox: inbox, externalID: "in-1", sender: "partner-user-42", name: "Petro")
        return try #require(posted.json["conversation_id"]?.int)
    }

    @Test("a reply is POSTed to the callback URL as signed JSON and marked sent")
    func signedDelivery() async throws {
        let recorder = CallbackRecorder()
        try await recorder.serve { callback in
            try await Harness.run { harness in
                let org = try await harness.account()
                let conversation = try await Self.conversation(org, callback: callback)
                let reply = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
                    json: #"{"content": "Привіт! We will call you back."}"#
                )
                let messageID = try #require(reply.json["id"]?.int)

                let handled = try await harness.assembly.deliveryWorker(.init()).runOnce()
                #expect(handled == 1)

                let received = await recorder.received
                #expect(received.count == 1)
                let request = try #require(received.first)
                let expected = HMAC<SHA256>.authenticationCode(
                    for: request.body, using: SymmetricKey(data: Data(Self.secret.utf8))
                ).map { String(format: "%02x", $0) }.joined()
                #expect(request.headers[HTTPField.Name("X-Switchboard-Signature")!] == "sha256=\(expected)")
                #expect(request.headers[.contentType] == "application/json")
                let body = try JSONDecoder().decode(JSONValue.self, from: Data(request.body))
                #expect(body["message"]?["content"]?.string == "Привіт! We will call you back.")
                #expect(body["message"]?["id"]?.int == messageID)
                #expect(body["contact"]?["external_id"]?.string == "partner-user-42")

                let messages = try await harness.request(
                    .get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken
                )
                let sent = messages.json["items"]?.array.first { $0["id"]?.int == messageID }
                #expect(sent?["delivery_status"]?.string == "sent")
                #expect(sent?["delivery_error"]?.isNull == true)
                #expect(try await harness.assembly.deliveryWorker(.init()).runOnce() == 0)
            }
        }
    }

    @Test("a failing callback is retried with backoff, then marked failed with the error")
    func retriedThenFailed() async throws {
        let recorder = CallbackRecorder()
        await recorder.setAnswer(.internalServerError)
        try await recorder.serve { callback in
            try await Harness.run { harness in
                let org = try await harness.account()
                let conversation = try await Self.conversation(org, callback: callback)
                let reply = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"content": "Hi"}"#
                )
                let messageID = try #require(reply.json["id"]?.int)
                // Backoff of zero keeps the test free of waiting; the policy's arithmetic is tested below.
                let worker = harness.assembly.deliveryWorker(
                    .init(retry: RetryPolicy(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero))
                )
                #expect(try await worker.runOnce() == 1)
                let afterFirst = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
                #expect(afterFirst.json["items"]?.array.first { $0["id"]?.int == messageID }?["delivery_status"]?.string == "queued")
                #expect(try await worker.runOnce() == 1)
                #expect(try await worker.runOnce() == 1)
                #expect(try await worker.runOnce() == 0)
                #expect(await recorder.received.count == 3)

                let messages = try await harness.request(.get, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken)
                let failed = messages.json["items"]?.array.first { $0["id"]?.int == messageID }
                #expect(failed?["delivery_status"]?.string == "failed")
                #expect(failed?["delivery_error"]?.string?.contains("500") == true)
                #expect(try await harness.count("SELECT attempts FROM outbox") == 3)
            }
        }
    }

    @Test("a rejected callback (4xx) is not retried")
    func permanentFailure() async throws {
        let recorder = CallbackRecorder()
        await recorder.setAnswer(.gone)
        try await recorder.serve { callback in
            try await Harness.run { harness in
                let org = try await harness.account()
                let conversation = try await Self.conversation(org, callback: callback)
                _ = try await harness.request(
                    .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken, json: #"{"content": "Hi"}"#
                )
                let worker = harness.assembly.deliveryWorker(.init(retry: RetryPolicy(maxAttempts: 5, initialDelay: .zero)))
                #expect(try await worker.runOnce() == 1)
                #expect(try await worker.runOnce() == 0)
                #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE delivery_status = 'failed'") == 1)
            }
        }
    }

    @Test("two workers with their own connections on one table deliver each row exactly once")
    func twoWorkers() async throws {
        let recorder = CallbackRecorder()
        try await recorder.serve { callback in
            try await Harness.run { harness in
                let org = try await harness.account()
                let conversation = try await Self.conversation(org, callback: callback)
                for index in 0..<40 {
                    _ = try await harness.request(
                        .post, "/api/v1/conversations/\(conversation)/messages", token: org.adminToken,
                        json: #"{"content": "reply \#(index)"}"#
                    )
                }
                // The second worker is another "process": its own client and pool on the same database.
                try await withClient(harness.databaseURL) { otherClient in
                    // Every process of a deployment has the same master key.
                    let other = Assembly(
                        client: otherClient, httpClient: .shared, secrets: TestSecrets.box, urlPolicy: OutboundURLPolicy(allowPrivate: true)
                    )
                    let settings = DeliveryWorker.Settings(batchSize: 3)
                    let workers = [harness.assembly.deliveryWorker(settings), other.deliveryWorker(settings)]
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for worker in workers {
                            group.addTask {
                                var idle = 0
                                while idle < 3 {
                                    idle = try await worker.runOnce() == 0 ? idle + 1 : 0
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                let deliveries = await recorder.received.compactMap { $0.headers[HTTPField.Name("X-Switchboard-Delivery")!] }
                #expect(deliveries.count == 40)
                #expect(Set(deliveries).count == 40)
                #expect(try await harness.count("SELECT count(*)::int FROM messages WHERE delivery_status = 'sent'") == 40)
            }
        }
    }

    @Test("backoff doubles from the initial delay up to the cap")
    func backoff() {
        let policy = RetryPolicy(maxAttempts: 8, initialDelay: .seconds(5), maxDelay: .seconds(60))
        #expect(policy.delay(afterAttempt: 1) == .seconds(5))
        #expect(policy.delay(afterAttempt: 2) == .seconds(10))
        #expect(policy.delay(afterAttempt: 4) == .seconds(40))
        #expect(policy.delay(afterAttempt: 5) == .seconds(60))
        #expect(policy.delay(afterAttempt: 40) == .seconds(60))
    }
}
