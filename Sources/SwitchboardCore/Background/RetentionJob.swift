import Foundation
import Logging
import ServiceLifecycle

/// Applies every account's retention limits once a day (and at start). Several processes may run it: a
/// round takes rows with SKIP LOCKED and leaves the already anonymized ones alone.
public struct RetentionJob: Service {
    let store: any PrivacyStore
    let interval: Duration
    let batchSize: Int
    let now: @Sendable () -> Date
    let logger = Logger(label: "switchboard.retention")

    public init(
        store: any PrivacyStore, interval: Duration = .seconds(86_400), batchSize: Int = 500,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.interval = interval
        self.batchSize = batchSize
        self.now = now
    }

    public func run() async throws {
        await PollingLoop.run(every: interval) {
            do {
                for run in try await store.applyRetention(now: now(), batchSize: batchSize) {
                    logger.info(
                        "retention applied",
                        metadata: [
                            "account_id": "\(run.accountID)", "conversations": "\(run.conversations)",
                            "contacts": "\(run.contacts)", "attachments": "\(run.attachments)", "audit_events": "\(run.auditEvents)",
                        ]
                    )
                }
            } catch {
                logger.warning("retention round failed", metadata: ["error": "\(error)"])
            }
            return false
        }
    }
}
