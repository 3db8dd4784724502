/// Work that follows a committed change and must not be part of it: it may fail, take long, or talk to
/// another system, and none of that may undo what was committed. A use case returns these as values;
/// `EffectRunner` carries them out, so no handler starts work of its own after answering.
public enum AfterCommit: Sendable, Hashable {
    /// Capacity may have appeared or a conversation joined the queue: hand waiting conversations out.
    case assignWaiting(accountID: Int64)
    /// The agent went offline: hand back what they have not answered for the inbox's requeue time.
    case requeueAfterGoingOffline(agentID: Int64, accountID: Int64)
    /// A reply was queued: the delivery worker should look now, not at its next poll.
    case wakeDelivery
    /// The platform names this sender only by id: ask it for the name and give it to the anonymous contact.
    case lookUpSenderName(inboxID: Int64, accountID: Int64, senderExternalID: String)

    /// Whether the caller's answer should wait for it (it changes what the answer shows: an assignment),
    /// or it may run in the background (a name lookup on a platform that may be slow).
    public var isAwaited: Bool {
        switch self {
        case .assignWaiting, .requeueAfterGoingOffline, .wakeDelivery: true
        case .lookUpSenderName: false
        }
    }
}

/// A use case's result together with what must follow its commit.
public struct Outcome<Value: Sendable>: Sendable {
    public var value: Value
    public var effects: [AfterCommit]

    public init(_ value: Value, effects: [AfterCommit] = []) {
        self.value = value
        self.effects = effects
    }
}
