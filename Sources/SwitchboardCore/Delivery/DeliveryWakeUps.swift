import Synchronization

/// Tells this process's delivery worker that replies wait in the outbox, so it sends them within
/// milliseconds instead of at its next poll. Whatever queues a reply in this process calls `nudge()`;
/// replies queued by other processes arrive as PostgreSQL notifications, which the store's outbox
/// listener turns into nudges too.
public final class DeliveryWakeUps: Sendable {
    private let state = Mutex(State())

    private struct State {
        var next = 0
        var listeners: [Int: AsyncStream<Void>.Continuation] = [:]
    }

    public init() {}

    /// New replies are waiting. Never blocks; several nudges before the worker looks count as one.
    public func nudge() {
        state.withLock { state in
            for listener in state.listeners.values { listener.yield() }
        }
    }

    /// The nudges from now on, for one reader; the stream ends when its reader stops reading.
    public func stream() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            state.next += 1
            state.listeners[state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }
}
