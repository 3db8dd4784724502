import Logging
import PostgresNIO
import ServiceLifecycle
import SwitchboardCore

/// Wakes this process's background workers when any process has work for them.
///
/// Triggers notify a channel in the transaction that writes the row (a queued reply, a recorded event,
/// a queued webhook delivery), so PostgreSQL delivers the notification when, and only if, that
/// transaction commits. This service holds one connection of the pool listening on one channel and
/// turns each notification into a `nudge()`: a reply posted to one `serve` process is thereby sent by
/// whichever process's worker claims it first, within milliseconds, without waiting for a poll.
/// A lost connection is re-established after a pause; polling covers the gap.
public struct NotificationListener: Service {
    let client: PostgresClient
    let channel: String
    let wakeUps: [DeliveryWakeUps]
    let retryAfter: Duration
    let logger: Logger

    public init(
        client: PostgresClient, channel: String, wakeUps: [DeliveryWakeUps], retryAfter: Duration = .seconds(2),
        logger: Logger = Logger(label: "switchboard.listener")
    ) {
        self.client = client
        self.channel = channel
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
                logger.warning("listening for notifications failed; polling until it is back", metadata: ["channel": "\(channel)", "error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { [retryAfter] in try await Task.sleep(for: retryAfter) }
        }
    }

    func listen() async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: channel) { notifications in
                // Work queued while nobody listened (at start, or before a reconnect) are due now.
                for wakeUp in wakeUps { wakeUp.nudge() }
                try await cancelWhenGracefulShutdown {
                    for try await _ in notifications { for wakeUp in wakeUps { wakeUp.nudge() } }
                }
            }
        }
    }
}
