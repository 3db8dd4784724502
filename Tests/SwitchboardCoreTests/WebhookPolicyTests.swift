import Foundation
import SwitchboardCore
import Testing

/// What the webhook sender decides from an answer, and which addresses the URL policy refuses.
@Suite struct WebhookPolicyTests {
    struct NoStore: WebhookStore {
        func webhookEndpoints(accountID: Int64) async throws -> [WebhookEndpoint] { [] }
        func webhookEndpoint(id: Int64, accountID: Int64) async throws -> WebhookEndpoint? { nil }
        func createWebhookEndpoint(accountID: Int64, _ new: NewWebhookEndpoint) async throws -> WebhookEndpoint {
            throw SwitchboardError.storeUnavailable
        }
        func updateWebhookEndpoint(id: Int64, accountID: Int64, _ change: WebhookEndpointChange) async throws -> WebhookEndpoint? { nil }
        func deleteWebhookEndpoint(id: Int64, accountID: Int64) async throws -> Bool { false }
        func webhookDeliveries(endpointID: Int64, accountID: Int64, beforeID: Int64?, limit: Int) async throws -> [WebhookDelivery] { [] }
        func retryWebhookDelivery(id: Int64, endpointID: Int64, accountID: Int64) async throws -> WebhookDelivery? { nil }
        func claimDueWebhookDeliveries(limit: Int, lease: Duration) async throws -> [DueWebhookDelivery] { [] }
        func recordWebhookAttempt(deliveryID: Int64, _ outcome: WebhookAttemptOutcome, disableAfter: Duration) async throws {}
        func webhookQueueDepth() async throws -> Int { 0 }
    }

    struct NoTransport: WebhookTransport {
        func send(_ delivery: DueWebhookDelivery) async -> ReceiverAnswer { .status(200) }
    }

    let sender = WebhookSender(store: NoStore(), transport: NoTransport(), wakeUps: DeliveryWakeUps())
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func twoHundredsEndItAndGoneDisables() {
        #expect(sender.outcome(of: .status(204), attemptsBefore: 3, now: now) == .succeeded(statusCode: 204))
        #expect(sender.outcome(of: .status(410), attemptsBefore: 0, now: now) == .gone)
    }

    @Test func failuresFollowTheScheduleForMoreThanADayThenDie() throws {
        var total: TimeInterval = 0
        for attempt in 0..<8 {
            guard case .failed(let code, _, let retryAt?) = sender.outcome(of: .status(500), attemptsBefore: attempt, now: now) else {
                Issue.record("attempt \(attempt) should be retried")
                return
            }
            #expect(code == 500)
            total += retryAt.timeIntervalSince(now)
        }
        #expect(total > 24 * 3600, "retries span at least a day: \(total / 3600) h")
        let first = sender.outcome(of: .unreachable("refused"), attemptsBefore: 0, now: now)
        guard case .failed(nil, "refused", let retryAt?) = first else { throw TestFailure("\(first)") }
        #expect((4.5...5.5).contains(retryAt.timeIntervalSince(now)), "the first retry comes after about 5 s")
        #expect(sender.outcome(of: .status(503), attemptsBefore: 8, now: now) == .failed(statusCode: 503, error: "the receiver answered HTTP 503", retryAt: nil))
    }

    @Test func privateAndMetadataAddressesAreRefused() {
        let policy = OutboundURLPolicy(allowPrivate: false)
        for url in [
            "http://127.0.0.1/x", "http://127.8.9.1/x", "http://10.0.0.5/x", "http://172.16.0.1/x", "http://172.31.255.255/x",
            "http://192.168.1.1/x", "http://169.254.169.254/latest", "http://0.0.0.0/x", "http://[::1]/x",
            "http://[fe80::1]/x", "http://[fd00::1]/x", "http://[::ffff:127.0.0.1]/x", "http://localhost:8080/x",
            "http://api.localhost/x", "http://224.0.0.1/x", "ftp://example.org/x", "not a url",
        ] {
            #expect(policy.refusal(of: url) != nil, "\(url) should be refused")
        }
        for url in ["https://hooks.example.org/x", "http://8.8.8.8/x", "http://172.32.0.1/x", "https://[2001:db8::1]/x"] {
            #expect(policy.refusal(of: url) == nil, "\(url) should be allowed")
        }
        #expect(OutboundURLPolicy(allowPrivate: true).refusal(of: "http://127.0.0.1:9/x") == nil)
        #expect(OutboundURLPolicy(allowPrivate: true).refusal(of: "ftp://127.0.0.1/x") != nil)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
