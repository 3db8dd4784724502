import Logging
import ServiceLifecycle
import Synchronization

/// This process's fan-out of published events to its open streams.
///
/// One reader per process follows the log (woken by the publishers' notification, whichever process
/// published), so a thousand open streams cost one query per batch, not a thousand. Each stream gets
/// the events its agent may see in a bounded buffer of its own.
public final class EventHub: Service, Sendable {
    let store: any EventStore
    let wakeUps: DeliveryWakeUps
    let interval: Duration
    /// Events a stream may fall behind by before it is cut off.
    let capacity: Int
    let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var position: Int64?
        var next = 0
        var subscribers: [Int: EventSubscription] = [:]
    }

    public init(
        store: any EventStore, wakeUps: DeliveryWakeUps, interval: Duration = .seconds(1),
        capacity: Int = EventSubscription.defaultCapacity, logger: Logger = Logger(label: "switchboard.event-hub")
    ) {
        self.store = store
        self.capacity = capacity
        self.wakeUps = wakeUps
        self.interval = interval
        self.logger = logger
    }

    /// Open streams on this process.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// A subscription that receives every event published from now on that `principal` may see.
    public func subscribe(_ principal: Principal) -> EventSubscription {
        let subscription = EventSubscription(principal: principal, capacity: capacity)
        let id = state.withLock { state in
            state.next += 1
            return state.next
        }
        subscription.onEnd { [weak self] in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        state.withLock { $0.subscribers[id] = subscription }
        return subscription
    }

    public func run() async throws {
        await PollingLoop.run(every: interval, wakeUps: wakeUps.stream()) {
            do {
                return try await round()
            } catch {
                logger.warning("reading published events failed; trying again", metadata: ["error": "\(error)"])
                return false
            }
        }
        // Shutdown: open streams end (their clients reconnect to another process, resuming by id).
        for subscription in state.withLock({ Array($0.subscribers.values) }) { subscription.finish() }
    }

    func round() async throws -> Bool {
        guard let position = state.withLock({ $0.position }) else {
            let latest = try await store.latestEventID()
            state.withLock { $0.position = latest }
            return false
        }
        let batch = 1000
        let events = try await store.events(after: position, limit: batch)
        guard let last = events.last else { return false }
        // Whoever subscribes after this snapshot reads these events from the log (it starts from there).
        let subscribers = state.withLock { state in
            state.position = last.id
            return Array(state.subscribers.values)
        }
        for subscription in subscribers { subscription.offer(events) }
        return events.count == batch
    }
}
