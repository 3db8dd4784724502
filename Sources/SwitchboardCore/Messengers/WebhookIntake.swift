import Foundation
import Logging
import Metrics

/// The server's half of a messenger webhook: stores what the connector made of the call.
///
/// Messages go through the ingest pipeline (deduplicated, assigned); edits, receipts and reachability
/// changes are applied to what they name. Whatever is acknowledged without being stored — an item the
/// connector skipped, a message the ingest refused, a receipt naming nothing we know — is kept in the
/// inbox's skipped list with its reason and payload: the platform is still answered with success,
/// because redelivering it would not change anything, but nothing vanishes without a trace.
public struct WebhookIntake: Sendable {
    /// What one call changed, for the log and the tests' eyes.
    public struct Summary: Sendable, Equatable {
        public var ingested: [IngestResult] = []
        public var applied = 0
        public var skipped = 0
    }

    let ingest: IngestPipeline
    let events: any ChannelEventStore
    let logger: Logger

    public init(ingest: IngestPipeline, events: any ChannelEventStore, logger: Logger = Logger(label: "switchboard.webhooks")) {
        self.ingest = ingest
        self.events = events
        self.logger = logger
    }

    /// Applies every item in order. A store failure is thrown (the platform retries; all of it is idempotent).
    /// - Parameter body: the request as it arrived: the payload of skipped items that carry none of their own.
    public func apply(_ outcome: WebhookOutcome, inbox: Inbox, receivedAt: Date, body: [UInt8] = []) async throws -> Summary {
        var summary = Summary()
        var skipped: [SkippedPayload] = []
        for item in outcome.items {
            switch item {
            case .message(let event):
                do {
                    summary.ingested.append(try await ingest.ingest(event, into: inbox))
                    summary.applied += 1
                } catch let error as SwitchboardError where error.isCallersFault {
                    // Redelivering cannot fix it: acknowledge, and keep it where the administrator looks.
                    logger.warning("webhook message not stored", metadata: ["inbox_id": "\(inbox.id)", "error": "\(error)"])
                    skipped.append(
                        SkippedPayload(
                            .rejected, reason: "the message could not be stored: \(error)", externalID: event.externalID,
                            payload: event.rawPayload
                        )
                    )
                }
            case .edit(let externalID, let content, let editedAt):
                let applied = try await events.applyEdit(
                    inboxID: inbox.id, externalID: externalID, content: StorableText.clean(content),
                    editedAt: editedAt ?? receivedAt
                )
                if applied { summary.applied += 1 } else {
                    // The person's current words, whose first version never reached the inbox: shown in
                    // its health like any other lost message, not just listed.
                    let text = StorableText.clean(content)
                    skipped.append(
                        SkippedPayload(
                            .unmatched, reason: "an edit of a message that was never stored: \(text)", externalID: externalID,
                            fromPerson: !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                        )
                    )
                }
            case .receipt(let externalID, let status, let error):
                let applied = try await events.applyReceipt(
                    inboxID: inbox.id, externalID: externalID, status: status, error: StorableText.clean(error)
                )
                if applied { summary.applied += 1 } else {
                    skipped.append(
                        SkippedPayload(
                            .unmatched, reason: "a \(status.rawValue) receipt for a message we did not send", externalID: externalID
                        )
                    )
                }
            case .reachability(let sender, let reachable, let reason):
                let applied = try await events.setReachability(
                    inboxID: inbox.id, senderExternalID: sender, reachable: reachable, reason: StorableText.clean(reason)
                )
                if applied { summary.applied += 1 } else {
                    skipped.append(
                        SkippedPayload(
                            .unmatched, reason: "\(reachable ? "subscribed" : "unsubscribed"): a person who never wrote",
                            externalID: sender
                        )
                    )
                }
            case .ignored(let reason):
                skipped.append(SkippedPayload(.ignored, reason: reason))
            case .skipped(let payload):
                skipped.append(payload)
            }
        }
        summary.skipped = skipped.count
        if !skipped.isEmpty {
            try await record(skipped, inbox: inbox, receivedAt: receivedAt, body: body)
        }
        Counter(label: "switchboard_webhook_items_total", dimensions: [("channel", inbox.kind.rawValue)])
            .increment(by: outcome.items.count)
        try await events.recordChannelEvent(inboxID: inbox.id, at: receivedAt)
        return summary
    }

    /// Keeps the skipped items (with the whole request where an item has no payload of its own) and counts them.
    func record(_ skipped: [SkippedPayload], inbox: Inbox, receivedAt: Date, body: [UInt8]) async throws {
        let request = String(decoding: body, as: UTF8.self)
        let items = skipped.map { item in
            var item = item
            if item.payload == nil { item.payload = request }
            return item
        }
        for item in items {
            logger.log(
                level: item.fromPerson ? .warning : .debug, "webhook item skipped",
                metadata: ["inbox_id": "\(inbox.id)", "category": "\(item.category.rawValue)", "reason": "\(item.reason)"]
            )
        }
        try await events.keepSkipped(items, inbox: inbox, at: receivedAt)
    }
}
