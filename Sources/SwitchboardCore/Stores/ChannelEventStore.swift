import Foundation

/// Applies what messengers report besides new messages. Each call is idempotent: platforms redeliver.
public protocol ChannelEventStore: Sendable {
    /// Replaces an incoming message's text, keeping the first version; false when no such message exists.
    func applyEdit(inboxID: Int64, externalID: String, content: String, editedAt: Date?) async throws -> Bool
    /// Moves an outgoing message forward (sent → delivered → read, or failed); never backwards.
    /// False when no outgoing message has that platform id.
    func applyReceipt(inboxID: Int64, externalID: String, status: DeliveryStatus, error: String?) async throws -> Bool
    /// Marks the person's identity on this inbox reachable or not; false when we never heard from them.
    func setReachability(inboxID: Int64, senderExternalID: String, reachable: Bool, reason: String) async throws -> Bool
    /// Gives an anonymous contact the name the platform told us later (VK's `users.get`).
    func nameAnonymousContact(inboxID: Int64, senderExternalID: String, name: String) async throws
    func recordChannelEvent(inboxID: Int64, at: Date) async throws
    /// Records what went wrong with the channel; nil clears it (the channel works again).
    func recordChannelError(inboxID: Int64, error: String?, at: Date) async throws
}

/// An attachment whose content a platform still holds.
public struct PendingMedia: Sendable, Equatable {
    public var attachmentID: Int64
    public var attempt: Int
    public var reference: String
    public var inbox: Inbox

    public init(attachmentID: Int64, attempt: Int, reference: String, inbox: Inbox) {
        self.attachmentID = attachmentID
        self.attempt = attempt
        self.reference = reference
        self.inbox = inbox
    }
}

/// The media worker's queue: attachments to download, claimed exclusively across processes.
public protocol MediaStore: Sendable {
    func claimPendingMedia(limit: Int, lease: Duration) async throws -> [PendingMedia]
    func storeMedia(attachmentID: Int64, _ media: DownloadedMedia) async throws
    /// With `retryAt` the attachment stays pending until then; without, it is marked failed for good.
    func failMedia(attachmentID: Int64, error: String, retryAt: Date?) async throws
}
