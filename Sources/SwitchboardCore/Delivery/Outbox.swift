import Foundation

/// One claimed row of the outbox: a message to send, and how many tries it has had (this one included).
public struct OutboxJob: Sendable, Equatable {
    public var id: Int64
    public var attempt: Int
    public var message: OutboundMessage
    /// The platform's ids of the parts of a multi-part reply that earlier attempts got accepted, in order.
    public var acceptedParts: [String?]

    public init(id: Int64, attempt: Int, message: OutboundMessage, acceptedParts: [String?] = []) {
        self.id = id
        self.attempt = attempt
        self.message = message
        self.acceptedParts = acceptedParts
    }
}

/// The durable queue of outgoing messages. Claims are leases: a claimed row is invisible to other
/// workers until its lease ends, so a crashed worker's rows come back and nobody sends a row twice.
public protocol OutboxStore: Sendable {
    /// Claims up to `limit` due rows with everything needed to send them, in a fixed number of queries.
    func claimDueJobs(limit: Int, lease: Duration) async throws -> [OutboxJob]
    /// Records that the platform accepted part `part` (counting from 0) of the job's reply, so a retry skips it.
    func recordAcceptedPart(jobID: Int64, part: Int, externalID: String?) async throws
    func markSent(jobID: Int64, receipt: DeliveryReceipt) async throws
    func scheduleRetry(jobID: Int64, error: String, at: Date) async throws
    func markFailed(jobID: Int64, error: String) async throws
    func pendingCount() async throws -> Int
}

/// How long to wait before trying a failed send again, and when to give up.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 8, initialDelay: Duration = .seconds(5), maxDelay: Duration = .seconds(3600)) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// Exponential backoff: initial, 2×, 4×, … capped at `maxDelay`. `attempt` counts from 1.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let factor = 1 << min(max(attempt - 1, 0), 30)
        let delay = initialDelay * factor
        return delay > maxDelay ? maxDelay : delay
    }
}

extension Duration {
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
