import Foundation
import Logging
import Metrics

/// The server's half of a messenger webhook: stores what the connector made of the call.
///
/// Messages go through the ingest pipeline (deduplicated, assigned); edits, receipts and reachability
/// changes are applied to what they name. An item that names nothing we know (a receipt for a message
/// sent before this inbox existed) is logged and skipped: the platform is still answered with success,
/// because redelivering it would not change anything.
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
    public func apply(_ outcome: WebhookOutcome, inbox: Inbox, receivedAt: Date) async throws -> Summary {
        var summary = Summary()
        for item in outcome.items {
            let applied: Bool
            switch item {
            case .message(let event):
                do {
                    summary.ingested.append(try await ingest.ingest(event, into: inbox))
                    applied = true
                } catch let error as SwitchboardError where error.isCallersFault {
                    // Redelivering cannot fix it: acknowledge, and leave a trace the administrator can see.
                    logger.warning("webhook message not stored", metadata: ["inbox_id": "\(inbox.id)", "error": "\(error)"])
                    try await events.recordChannelError(
                        inboxID: inbox.id, error: "a message could not be stored: \(error)", at: receivedAt
                    )
                    summary.skipped += 1
                    continue
                }
            case .edit(let externalID, let content, let editedAt):
                applied = try await events.applyEdit(
                    inboxID: inbox.id, externalID: externalID, content: content, editedAt: editedAt ?? receivedAt
                )
            case .receipt(let externalID, let status, let error):
                applied = try await events.applyReceipt(inboxID: inbox.id, externalID: externalID, status: status, error: error)
            case .reachability(let sender, let reachable, let reason):
                applied = try await events.setReachability(
                    inboxID: inbox.id, senderExternalID: sender, reachable: reachable, reason: reason
                )
            case .ignored(let reason):
                logger.debug("webhook item ignored", metadata: ["inbox_id": "\(inbox.id)", "reason": "\(reason)"])
                applied = false
            }
            if applied {
                summary.applied += 1
            } else {
                summary.skipped += 1
                if case .ignored = item {} else {
                    logger.notice("webhook item names nothing we know", metadata: ["inbox_id": "\(inbox.id)", "item": "\(item)"])
                }
            }
        }
        Counter(label: "switchboard_webhook_items_total", dimensions: [("channel", inbox.kind.rawValue)])
            .increment(by: outcome.items.count)
        try await events.recordChannelEvent(inboxID: inbox.id, at: receivedAt)
        return summary
    }
}
