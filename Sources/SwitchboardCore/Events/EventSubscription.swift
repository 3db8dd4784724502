import Synchronization

/// One open stream's share of the live events: the ones its agent may see, in a bounded buffer.
///
/// A reader that falls more than `capacity` events behind is cut off (`overflowed`), so a client that
/// stops reading costs a fixed amount of memory; it resumes from its last id and reads the rest from
/// the log.
public final class EventSubscription: Sendable {
    public static let defaultCapacity = 500

    public enum Item: Sendable {
        case event(PublishedEvent)
        /// Time to tell the client the stream is alive.
        case heartbeat
    }

    let principal: Principal
    public let items: AsyncStream<Item>
    private let continuation: AsyncStream<Item>.Continuation
    private let cutOff = Mutex<(overflowed: Bool, onOverflow: (@Sendable () -> Void)?)>((false, nil))

    init(principal: Principal, capacity: Int) {
        self.principal = principal
        (items, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    /// The reader fell behind by more than the buffer holds.
    public var overflowed: Bool { cutOff.withLock { $0.overflowed } }

    /// Called once when the buffer overflows (the API closes a connection whose writes are stuck).
    public func onOverflow(_ action: @escaping @Sendable () -> Void) {
        cutOff.withLock { $0.onOverflow = action }
    }

    func offer(_ event: PublishedEvent) {
        guard event.accountID == principal.accountID, event.audience.admits(principal) else { return }
        if case .dropped = continuation.yield(.event(event)) {
            let action = cutOff.withLock { state -> (@Sendable () -> Void)? in
                guard !state.overflowed else { return nil }
                state.overflowed = true
                return state.onOverflow
            }
            continuation.finish()
            action?()
        }
    }

    public func heartbeat() {
        continuation.yield(.heartbeat)
    }

    /// Ends the stream (shutdown, or the client went away).
    public func finish() {
        continuation.finish()
    }

    func onEnd(_ action: @escaping @Sendable () -> Void) {
        continuation.onTermination = { _ in action() }
    }
}
