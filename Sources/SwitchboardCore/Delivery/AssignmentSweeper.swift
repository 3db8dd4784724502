import Logging
import ServiceLifecycle

/// The safety net of automatic assignment. Assignment normally happens at the moment capacity appears,
/// but a conversation that was being written at that very moment is skipped then; every `interval`
/// this sweeps all accounts' queues, so no waiting conversation is forgotten while someone has room.
public struct AssignmentSweeper: Service {
    let store: any AssignmentStore
    let interval: Duration
    let logger: Logger

    public init(store: any AssignmentStore, interval: Duration = .seconds(30), logger: Logger = Logger(label: "switchboard.assignment")) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await PollingLoop.run(every: interval) {
            await sweep()
            return false
        }
    }

    /// One pass over every account with a queue; returns how many conversations it assigned.
    @discardableResult
    public func sweep() async -> Int {
        var total = 0
        do {
            for account in try await store.accountsWithWaitingConversations() {
                total += try await store.assignWaiting(accountID: account)
            }
            if total > 0 { logger.info("assigned waiting conversations", metadata: ["count": "\(total)"]) }
        } catch {
            logger.warning("assignment sweep failed", metadata: ["error": "\(error)"])
        }
        return total
    }
}
