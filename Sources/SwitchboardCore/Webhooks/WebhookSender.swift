import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// What a receiver answered, or why there was no answer.
public enum ReceiverAnswer: Sendable, Equatable {
    case status(Int)
    case unreachable(String)
}

/// Sends one signed request (Standard Webhooks headers); the HTTP side lives with the connectors.
public protocol WebhookTransport: Sendable {
    func send(_ delivery: DueWebhookDelivery) async -> ReceiverAnswer
}

/// Sends queued webhook deliveries and retries them on a schedule until one succeeds or the schedule
/// is spent.
///
/// Deliveries are claimed with a lease (`FOR UPDATE SKIP LOCKED`), so several processes share the
/// work and each attempt is made once; ingest never waits for any of it: deliveries are rows written
/// when events are published, sent from here.
public struct WebhookSender: Service {
    public struct Settings: Sendable {
        /// Waits between attempts: 9 attempts over about 28 hours. Each wait varies by ±10 % so that
        /// receivers coming back from an outage are not hit by every retry at once.
        public var schedule: [Duration] = [5, 60, 300, 1800, 7200, 18000, 36000, 36000].map { .seconds($0) }
        /// Waits for an endpoint that is an inbox's bot: 4 attempts within about a minute and a half, then the
        /// delivery is dead and the conversations waiting on the bot go to people.
        public var botSchedule: [Duration] = [5, 20, 60].map { .seconds($0) }
        public var interval: Duration = .seconds(1)
        public var batch = 50
        public var lease: Duration = .seconds(60)
        /// An endpoint that has failed for this long is disabled.
        public var disableAfter: Duration = .seconds(3 * 24 * 3600)
        public init() {}
    }

    let store: any WebhookStore
    let transport: any WebhookTransport
    let wakeUps: DeliveryWakeUps
    let settings: Settings
    let logger: Logger

    public init(
        store: any WebhookStore, transport: any WebhookTransport, wakeUps: DeliveryWakeUps, settings: Settings = .init(),
        logger: Logger = Logger(label: "switchboard.webhooks")
    ) {
        self.store = store
        self.transport = transport
        self.wakeUps = wakeUps
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        let depth = Gauge(label: "switchboard_webhook_queue_depth")
        var lastDepth = ContinuousClock.now - .seconds(10)
        await PollingLoop.run(every: settings.interval, wakeUps: wakeUps.stream()) {
            if ContinuousClock.now - lastDepth >= .seconds(10), let queued = try? await store.webhookQueueDepth() {
                lastDepth = .now
                depth.record(queued)
            }
            do {
                let due = try await store.claimDueWebhookDeliveries(limit: settings.batch, lease: settings.lease)
                await withDiscardingTaskGroup { group in
                    for delivery in due { group.addTask { await attempt(delivery) } }
                }
                return due.count == settings.batch
            } catch {
                logger.warning("claiming webhook deliveries failed; trying again", metadata: ["error": "\(error)"])
                return false
            }
        }
    }

    func attempt(_ delivery: DueWebhookDelivery) async {
        let outcome = outcome(
            of: await transport.send(delivery), attemptsBefore: delivery.attempts, now: Date(), servesBot: delivery.servesBot
        )
        Counter(label: "switchboard_webhook_deliveries_total", dimensions: [("result", outcome.result)]).increment()
        do {
            try await store.recordWebhookAttempt(deliveryID: delivery.id, outcome, disableAfter: settings.disableAfter)
        } catch {
            // The lease runs out and the attempt is made again: at least once, never lost.
            logger.warning("recording a webhook attempt failed", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
    }

    /// 2xx ends it; 410 disables the endpoint; anything else waits for the next step of the schedule.
    public func outcome(
        of response: ReceiverAnswer, attemptsBefore: Int, now: Date, servesBot: Bool = false
    ) -> WebhookAttemptOutcome {
        let schedule = servesBot ? settings.botSchedule : settings.schedule
        let code: Int?
        let error: String
        switch response {
        case .status(let status) where (200..<300).contains(status):
            return .succeeded(statusCode: status)
        case .status(410):
            return .gone
        case .status(let status):
            code = status
            error = "the receiver answered HTTP \(status)"
        case .unreachable(let reason):
            code = nil
            error = reason
        }
        guard attemptsBefore < schedule.count else { return .failed(statusCode: code, error: error, retryAt: nil) }
        let wait = schedule[attemptsBefore]
        let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
        return .failed(statusCode: code, error: error, retryAt: now.addingTimeInterval(seconds * .random(in: 0.9...1.1)))
    }
}

extension WebhookAttemptOutcome {
    /// The metric's label.
    var result: String {
        switch self {
        case .succeeded: "succeeded"
        case .gone: "gone"
        case .failed(_, _, let retryAt): retryAt == nil ? "dead" : "failed"
        }
    }
}
