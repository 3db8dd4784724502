import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Sends what the outbox holds through each channel's connector, retrying with backoff.
/// Any number of workers, in any number of processes, can run on one database: claims are exclusive.
public struct DeliveryWorker: Service {
    public struct Settings: Sendable {
        public var pollInterval: Duration
        public var batchSize: Int
        public var lease: Duration
        public var retry: RetryPolicy
        /// The time retries are scheduled from; tests pass their own.
        public var now: @Sendable () -> Date

        public init(
            pollInterval: Duration = .milliseconds(500), batchSize: Int = 32, lease: Duration = .seconds(120),
            retry: RetryPolicy = RetryPolicy(), now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.pollInterval = pollInterval
            self.batchSize = batchSize
            self.lease = lease
            self.retry = retry
            self.now = now
        }
    }

    let store: any OutboxStore
    let connectors: ConnectorRegistry
    let settings: Settings
    let wakeUps: DeliveryWakeUps?
    let logger: Logger

    public init(
        store: any OutboxStore, connectors: ConnectorRegistry, settings: Settings = Settings(),
        wakeUps: DeliveryWakeUps? = nil, logger: Logger = Logger(label: "switchboard.delivery")
    ) {
        self.store = store
        self.connectors = connectors
        self.settings = settings
        self.wakeUps = wakeUps
        self.logger = logger
    }

    /// Sends what is due, then waits for the poll interval or a nudge (a reply queued by this process,
    /// or by another one through PostgreSQL); a full batch is followed by the next at once.
    public func run() async throws {
        await PollingLoop.run(every: settings.pollInterval, wakeUps: wakeUps?.stream()) {
            var handled = 0
            do {
                handled = try await runOnce()
                try await recordOutboxDepth()
            } catch {
                logger.warning("delivery round failed", metadata: ["error": "\(error)"])
            }
            return handled >= settings.batchSize
        }
    }

    /// Publishes how many replies wait in the outbox (all processes' together).
    public func recordOutboxDepth() async throws {
        Gauge(label: "switchboard_outbox_pending").record(try await store.pendingCount())
    }

    /// Claims one batch and sends it; returns how many jobs it handled.
    @discardableResult
    public func runOnce() async throws -> Int {
        let jobs = try await store.claimDueJobs(limit: settings.batchSize, lease: settings.lease)
        await withTaskGroup(of: Void.self) { group in
            for job in jobs {
                group.addTask { await deliver(job) }
            }
        }
        return jobs.count
    }

    /// When to try again, or nil to give up: a platform's own delay is honored as given (it is not an
    /// error of ours, so it does not use up the attempts unless the platform keeps refusing).
    func retryDelay(after failure: DeliveryFailure, attempt: Int) -> Duration? {
        switch failure {
        case .permanent: nil
        case .temporary: attempt < settings.retry.maxAttempts ? settings.retry.delay(afterAttempt: attempt) : nil
        case .throttled(_, let retryAfter): attempt < settings.retry.maxAttempts * 4 ? retryAfter : nil
        }
    }

    func deliver(_ job: OutboxJob) async {
        let kind = job.message.inbox.kind
        var metadata: Logger.Metadata = [
            "outbox_id": "\(job.id)", "message_id": "\(job.message.messageID)", "attempt": "\(job.attempt)",
            "channel": "\(kind.rawValue)",
        ]
        do {
            guard let connector = connectors.delivery[kind] else {
                throw DeliveryFailure.permanent("this server cannot send replies through \(kind.rawValue) inboxes")
            }
            let progress = DeliveryProgress(accepted: job.acceptedParts) { [store] part, externalID in
                try await store.recordAcceptedPart(jobID: job.id, part: part, externalID: externalID)
            }
            let receipt = try await connector.deliver(job.message, progress: progress)
            try await store.markSent(jobID: job.id, receipt: receipt)
            Counter(label: "switchboard_deliveries_total", dimensions: [("channel", kind.rawValue), ("result", "sent")])
                .increment()
            logger.info("delivered", metadata: metadata)
        } catch {
            let failure = (error as? DeliveryFailure) ?? .temporary("\(error)")
            metadata["error"] = "\(failure.reason)"
            do {
                if let delay = retryDelay(after: failure, attempt: job.attempt) {
                    try await store.scheduleRetry(
                        jobID: job.id, error: failure.reason, at: settings.now().addingTimeInterval(delay.timeInterval)
                    )
                    logger.notice("delivery failed, will retry", metadata: metadata)
                } else {
                    try await store.markFailed(jobID: job.id, error: failure.reason)
                    Counter(label: "switchboard_deliveries_total", dimensions: [("channel", kind.rawValue), ("result", "failed")])
                        .increment()
                    logger.error("delivery failed for good", metadata: metadata)
                }
            } catch {
                // The lease runs out and the job is claimed again: nothing is lost.
                logger.error("could not record delivery outcome", metadata: metadata.merging(["store_error": "\(error)"]) { $1 })
            }
        }
    }
}
