/// A mailbox's identity and size: the poller keeps `uidValidity` with its checkpoint, because a
/// changed value means every UID it remembers now names different mail.
public struct MailboxStatus: Sendable, Equatable {
    public var uidValidity: UInt32
    /// The UID the next message will get, when the server tells.
    public var uidNext: UInt32?
    public var messages: Int

    public init(uidValidity: UInt32, uidNext: UInt32?, messages: Int) {
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.messages = messages
    }
}

/// Size and flags of one message, read before deciding to download it.
public struct MessageSummary: Sendable, Equatable {
    public var uid: UInt32
    /// RFC822.SIZE: the message's size in bytes as the server would send it.
    public var size: Int
    /// As the server spells them: `\Seen`, `\Answered`, `$Forwarded`…
    public var flags: Set<String>

    public init(uid: UInt32, size: Int, flags: Set<String>) {
        self.uid = uid
        self.size = size
        self.flags = flags
    }

    /// Whether someone (or something) has read the message already.
    public var isSeen: Bool { flags.contains { $0.lowercased() == "\\seen" } }
}

/// The outcome of `IMAPClient.retrieve(uid:maxBytes:)`.
public enum RetrievedMessage: Sendable, Equatable {
    /// The raw message, byte for byte; its flags on the server are as they were before.
    case message([UInt8])
    /// Larger than allowed: not downloaded. The caller records it as skipped.
    case tooLarge(size: Int)
    /// No message with this UID any more (expunged meanwhile).
    case missing
}
