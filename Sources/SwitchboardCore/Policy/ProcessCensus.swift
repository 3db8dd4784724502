import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// How many serve processes share the database, so limits kept in each process's memory add up to
/// the configured limit instead of N times it: each process admits its share, `limit / N`.
///
/// Counting in memory keeps a rate check off the database (the check sits in front of every API
/// request when per-token limits are on); the price is that a client whose requests all reach one
/// process of N gets only that process's share. A process that dies stops counting after `staleAfter`.
public final class ProcessCensus: Service, Sendable {
    let store: any CensusStore
    let interval: Duration
    let staleAfter: Duration
    let processID = UUID()
    let logger: Logger
    private let alive = Mutex(1)

    public init(
        store: any CensusStore, interval: Duration = .seconds(5), staleAfter: Duration = .seconds(20),
        logger: Logger = Logger(label: "switchboard.census")
    ) {
        self.store = store
        self.interval = interval
        self.staleAfter = staleAfter
        self.logger = logger
    }

    /// Processes alive at the last heartbeat (1 until the first one, and while the database is away).
    public var processes: Int { alive.withLock { $0 } }

    /// This process's part of a limit for all processes together; at least 1, so a small limit still
    /// admits someone. A limit of 0 or less (no limit) stays as it is.
    public func share(of limit: Int) -> Int {
        limit > 0 ? max(1, limit / processes) : limit
    }

    public func run() async throws {
        await PollingLoop.run(every: interval) {
            do {
                let count = try await store.heartbeat(processID: processID, staleAfter: staleAfter)
                alive.withLock { $0 = max(1, count) }
            } catch {
                logger.warning("could not count the serve processes", metadata: ["error": "\(error)"])
            }
            return false
        }
        try? await store.leave(processID: processID)
    }
}

/// The rate limits of one process, with the census's share applied: a key may be admitted `limit`
/// times a minute across all processes together.
public struct RateLimiter: Sendable {
    let window: SlidingWindowLimiter
    let census: ProcessCensus?

    public init(census: ProcessCensus?, window: Duration = .seconds(60)) {
        self.window = SlidingWindowLimiter(window: window)
        self.census = census
    }

    /// Counts the request and throws `rateLimited` (with the seconds until a slot opens) when the key
    /// has used its share. A `perMinute` of 0 or less admits everything.
    public func admit(_ key: String, perMinute limit: Int, refusal: String) async throws {
        guard limit > 0 else { return }
        let share = census?.share(of: limit) ?? limit
        guard await window.allow(key: key, limit: share) else {
            let wait = await window.retryAfterSeconds(key: key)
            throw SwitchboardError.rateLimited("\(refusal); try again in \(wait) seconds", retryAfterSeconds: max(wait, 1))
        }
    }
}
