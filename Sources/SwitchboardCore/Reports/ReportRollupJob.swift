import Logging
import ServiceLifecycle

/// What keeps the report rollup (sql/0210): finished days aggregated once, so a year's report reads a few
/// thousand rows. Reports are exact without it — a day not rolled up is read from its events — only slower.
public protocol ReportRollupStore: Sendable {
    /// Drops the rolled-up days that changes reached back into (or that were built under another time zone
    /// or `missed_after`), then rolls up to `limit` finished days that are missing, newest first, and up to
    /// `limit` weeks whose days are all rolled up. Returns how many days and weeks it rolled up.
    func refreshReportRollup(limit: Int) async throws -> Int
}

/// Runs `refreshReportRollup` every `interval`, and again at once while it leaves days behind. Every serve
/// process may run it: the store serializes the rounds.
public struct ReportRollupJob: Service {
    let store: any ReportRollupStore
    let interval: Duration
    let batchSize: Int
    let logger = Logger(label: "switchboard.reports")

    public init(store: any ReportRollupStore, interval: Duration = .seconds(30), batchSize: Int = 31) {
        self.store = store
        self.interval = interval
        self.batchSize = batchSize
    }

    public func run() async throws {
        await PollingLoop.run(every: interval) {
            do {
                let built = try await store.refreshReportRollup(limit: batchSize)
                if built > 0 { logger.debug("report days and weeks rolled up", metadata: ["count": "\(built)"]) }
                return built >= batchSize
            } catch {
                logger.warning("report rollup round failed", metadata: ["error": "\(error)"])
                return false
            }
        }
    }
}
