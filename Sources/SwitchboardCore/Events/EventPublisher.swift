import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Publishes what the event triggers recorded: gives each event its public id and its JSON, queues its
/// webhook deliveries, and prunes the log past its retention.
///
/// Every process runs one; the database lets one at a time publish (an advisory lock), so running
/// several costs nothing and keeps publishing going when a process dies. It looks every `interval`
/// (one cheap indexed query) rather than being notified: a NOTIFY from every change would serialize
/// all commits (see migration 0071). An event whose transaction began before a still-running one waits
/// for that one to end before it can be published, so no later event can ever get a smaller id.
public struct EventPublisher: Service {
    public struct Settings: Sendable {
        public var interval: Duration = .milliseconds(50)
        public var batch = 500
        /// How long events are kept (at least a week by default), then pruned.
        public var retention: Duration = .seconds(7 * 24 * 3600)
        public init() {}
    }

    let store: any EventStore
    let rendering: any EventRendering
    let settings: Settings
    let logger: Logger

    public init(
        store: any EventStore, rendering: any EventRendering, settings: Settings = .init(),
        logger: Logger = Logger(label: "switchboard.events")
    ) {
        self.store = store
        self.rendering = rendering
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        let pruneEvery: Duration = .seconds(3600)
        var lastPrune = ContinuousClock.now - pruneEvery
        await PollingLoop.run(every: settings.interval) {
            if ContinuousClock.now - lastPrune >= pruneEvery {
                lastPrune = .now
                await prune()
            }
            do {
                guard try await store.hasUnpublishedEvents() else { return false }
                let published = try await store.publishPendingEvents(limit: settings.batch, rendering: rendering)
                if published > 0 { Counter(label: "switchboard_events_published_total").increment(by: published) }
                return published == settings.batch
            } catch {
                logger.warning("publishing events failed; trying again", metadata: ["error": "\(error)"])
                return false
            }
        }
    }

    func prune() async {
        let seconds = Double(settings.retention.components.seconds)
        do {
            let pruned = try await store.pruneEvents(before: Date().addingTimeInterval(-seconds))
            if pruned > 0 { logger.info("pruned old events", metadata: ["count": "\(pruned)"]) }
        } catch {
            logger.warning("pruning events failed", metadata: ["error": "\(error)"])
        }
    }
}
