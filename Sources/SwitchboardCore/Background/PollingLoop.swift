import ServiceLifecycle

/// The loop of a background service that polls the database: a round, then a wait until the interval
/// has passed or a wake-up says there is new work, over and over until graceful shutdown.
///
/// A round that has begun is finished (a delivery is never cut off halfway); the wait is not: shutdown
/// ends it at once. Wake-ups arrive through an `AsyncStream` and several coalesce into one round, so a
/// burst of replies costs one poll, not one each.
public enum PollingLoop {
    /// Runs `round` at once, then whenever `interval` passes or `wakeUps` yields. `round` returns true
    /// when it left work behind (a full batch), to be run again without waiting.
    public static func run(
        every interval: Duration, wakeUps: AsyncStream<Void>? = nil, _ round: () async -> Bool
    ) async {
        let (ticks, tick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    tick.yield()
                }
            }
            if let wakeUps {
                group.addTask {
                    for await _ in wakeUps { tick.yield() }
                }
            }
            tick.yield()
            for await _ in ticks.cancelOnGracefulShutdown() {
                while await round(), !Task.isShuttingDownGracefully, !Task.isCancelled {}
            }
            group.cancelAll()
        }
    }
}
