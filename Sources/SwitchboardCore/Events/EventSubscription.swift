import Synchronization

/// One open stream's share of the live events: the ones its agent may see, in a bounded buffer.
///
/// The reader takes whatever has gathered in one go (`nextBatch`), so a stream that falls a little
/// behind in a burst catches up with one write instead of one per event. A reader that falls more than
/// `capacity` events behind is cut off (`overflowed`): a client that stops reading costs a fixed amount
/// of memory, and it resumes from its last id, reading the rest from the log.
public final class EventSubscription: Sendable {
    public static let defaultCapacity = 500

    public enum Item: Sendable {
        case event(PublishedEvent)
        /// Time to tell the client the stream is alive.
        case heartbeat
    }

    private struct State {
        var buffer: [Item] = []
        var waiter: CheckedContinuation<[Item]?, Never>?
        var finished = false
        var overflowed = false
        var onOverflow: (@Sendable () -> Void)?
        var onEnd: (@Sendable () -> Void)?
    }

    let principal: Principal
    let capacity: Int
    private let state = Mutex(State())

    init(principal: Principal, capacity: Int) {
        self.principal = principal
        self.capacity = capacity
    }

    /// The reader fell behind by more than the buffer holds.
    public var overflowed: Bool { state.withLock { $0.overflowed } }

    /// Called once when the buffer overflows (the API closes a connection whose writes are stuck).
    public func onOverflow(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.onOverflow = action }
    }

    func onEnd(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.onEnd = action }
    }

    /// Takes the events of a batch this stream may see, waking its reader once for all of them.
    func offer(_ events: [PublishedEvent]) {
        let visible = events.filter { $0.accountID == principal.accountID && $0.audience.admits(principal) }
        guard !visible.isEmpty else { return }
        let overflow = state.withLock { state -> (@Sendable () -> Void)? in
            guard !state.finished else { return nil }
            // A reader that keeps up has taken everything; one that has not taken `capacity` events is cut
            // off. (A buffer thus holds at most `capacity` plus one batch of the hub's.)
            guard state.buffer.count < capacity else {
                state.overflowed = true
                return state.onOverflow ?? {}
            }
            state.buffer.append(contentsOf: visible.map(Item.event))
            wake(&state)
            return nil
        }
        if let overflow {
            finish()
            overflow()
        }
    }

    public func heartbeat() {
        state.withLock { state in
            guard !state.finished else { return }
            state.buffer.append(.heartbeat)
            wake(&state)
        }
    }

    /// Everything gathered since the last call, waiting for something when nothing has; nil once the
    /// subscription has ended and nothing is left. Cancelling the caller ends the subscription.
    public func nextBatch() async -> [Item]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> [Item]?? in
                    if !state.buffer.isEmpty {
                        defer { state.buffer = [] }
                        return .some(state.buffer)
                    }
                    if state.finished { return .some(nil) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            finish()
        }
    }

    /// Ends the stream (shutdown, overflow, or the client went away); the reader gets what is left.
    public func finish() {
        let (waiter, onEnd) = state.withLock { state -> (CheckedContinuation<[Item]?, Never>?, (@Sendable () -> Void)?) in
            guard !state.finished else { return (nil, nil) }
            state.finished = true
            defer {
                state.waiter = nil
                state.onEnd = nil
            }
            return (state.waiter, state.onEnd)
        }
        waiter?.resume(returning: nil)
        onEnd?()
    }

    private func wake(_ state: inout State) {
        guard let waiter = state.waiter else { return }
        state.waiter = nil
        let batch = state.buffer
        state.buffer = []
        waiter.resume(returning: batch)
    }
}
