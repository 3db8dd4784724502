import Foundation
import Metrics

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
    /// Keeps payloads acknowledged without a stored message (see `SkippedPayload`) for
    /// `SkippedRetention.days`, forgetting older ones; one from a person also marks the inbox's health.
    func recordSkipped(_ items: [SkippedPayload], inbox: Inbox, at: Date) async throws
    /// The inbox's skipped payloads of the last `SkippedRetention.days`, newest first, before the cursor id.
    func skippedPayloads(inboxID: Int64, accountID: Int64, before cursor: Int64?, limit: Int) async throws -> [SkippedRecord]
}

extension ChannelEventStore {
    /// Records skipped payloads and counts them in `switchboard_skipped_total{channel,reason}`, `reason`
    /// being the category (a handful of words, so the metric stays small).
    public func keepSkipped(_ items: [SkippedPayload], inbox: Inbox, at: Date) async throws {
        guard !items.isEmpty else { return }
        let storable = items.map { item in
            var item = item
            item.reason = StorableText.clean(item.reason)
            item.externalID = StorableText.clean(item.externalID)
            item.payload = StorableText.clean(item.payload)
            return item
        }
        try await recordSkipped(storable, inbox: inbox, at: at)
        for item in items {
            Counter(
                label: "switchboard_skipped_total",
                dimensions: [("channel", inbox.kind.rawValue), ("reason", item.category.rawValue)]
            ).increment()
        }
    }
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
