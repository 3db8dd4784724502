import Logging
import PostgresNIO
import ServiceLifecycle
import SwitchboardCore

/// Wakes this process's delivery worker when any process queues a reply.
///
/// A trigger on `outbox` (migration 0051) notifies the channel `switchboard_outbox` in the transaction
/// that inserts the row, so PostgreSQL delivers the notification when, and only if, that transaction
/// commits. This service holds one connection of the pool listening on that channel and turns each
/// notification into a `nudge()`; a reply posted to one `serve` process is thereby sent by whichever
/// process's worker claims it first, within milliseconds, without waiting for a poll.
/// A lost connection is re-established after a pause; polling covers the gap.
public struct OutboxListener: Service {
    /// The channel the outbox trigger notifies.
    public static let channel = "switchboard_outbox"

    let client: PostgresClient
    let wakeUps: DeliveryWakeUps
    let retryAfter: Duration
    let logger: Logger

    public init(
        client: PostgresClient, wakeUps: DeliveryWakeUps, retryAfter: Duration = .seconds(2),
        logger: Logger = Logger(label: "switchboard.outbox-listener")
    ) {
        self.client = client
        self.wakeUps = wakeUps
        self.retryAfter = retryAfter
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await listen()
            } catch {
                // Shutdown ends the listening by cancelling it: that is no failure.
                if Task.isShuttingDownGracefully || Task.isCancelled { return }
                logger.warning("listening for queued replies failed; polling until it is back", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { [retryAfter] in try await Task.sleep(for: retryAfter) }
        }
    }

    func listen() async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: Self.channel) { notifications in
                // Replies queued while nobody listened (at start, or before a reconnect) are due now.
                wakeUps.nudge()
                try await cancelWhenGracefulShutdown {
                    for try await _ in notifications { wakeUps.nudge() }
                }
            }
        }
    }
}
