import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: ChannelEventStore {
    /// Order of delivery states: a receipt only moves a message forward. `failed` ranks with `read`,
    /// so neither overrides the other.
    static let deliveryRank = """
        CASE delivery_status WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 ELSE 3 END
        """

    public func applyEdit(inboxID: Int64, externalID: String, content: String, editedAt: Date?) async throws -> Bool {
        try await exists(
            """
            UPDATE messages SET original_content = coalesce(original_content, content), content = \(content),
                edited_at = \(editedAt ?? Date())
            WHERE inbox_id = \(inboxID) AND direction = 'in' AND external_id = \(externalID)
            RETURNING id
            """
        )
    }

    public func applyReceipt(inboxID: Int64, externalID: String, status: DeliveryStatus, error: String?) async throws -> Bool {
        let rank = switch status {
        case .queued: 0
        case .sent: 1
        case .delivered: 2
        case .read, .failed: 3
        }
        return try await exists(
            """
            WITH target AS (
                SELECT id FROM messages WHERE inbox_id = \(inboxID) AND direction = 'out' AND external_id = \(externalID)
            ), moved AS (
                UPDATE messages SET delivery_status = \(status.rawValue),
                    delivery_error = CASE WHEN \(status.rawValue) = 'failed' THEN \(error) ELSE delivery_error END
                WHERE id IN (SELECT id FROM target) AND \(unescaped: Self.deliveryRank) < \(rank)
                RETURNING id
            )
            SELECT id FROM target
            """
        )
    }

    public func setReachability(inboxID: Int64, senderExternalID: String, reachable: Bool, reason: String) async throws -> Bool {
        try await exists(
            """
            UPDATE contact_identities SET unreachable = \(!reachable),
                unreachable_reason = CASE WHEN \(reachable) THEN NULL ELSE \(reason) END
            WHERE inbox_id = \(inboxID) AND external_id = \(senderExternalID)
            RETURNING id
            """
        )
    }

    public func nameAnonymousContact(inboxID: Int64, senderExternalID: String, name: String) async throws {
        _ = try await exists(
            """
            UPDATE contacts c SET name = \(name), updated_at = now()
            FROM contact_identities ci
            WHERE ci.inbox_id = \(inboxID) AND ci.external_id = \(senderExternalID) AND c.id = ci.contact_id
              AND c.name = 'Anonymous #' || c.id
            RETURNING c.id
            """
        )
    }

    public func recordChannelEvent(inboxID: Int64, at: Date) async throws {
        // At most one write a second per inbox: busy channels should not contend on their inbox row.
        _ = try await exists(
            """
            UPDATE inboxes SET last_event_at = \(at)
            WHERE id = \(inboxID) AND (last_event_at IS NULL OR last_event_at < \(at) - interval '1 second')
            RETURNING id
            """
        )
    }

    public func recordChannelError(inboxID: Int64, error: String?, at: Date) async throws {
        _ = try await exists(
            """
            UPDATE inboxes SET last_error = \(error), last_error_at = CASE WHEN \(error)::text IS NULL THEN last_error_at ELSE \(at) END
            WHERE id = \(inboxID)
            RETURNING id
            """
        )
    }

}

extension PostgresStore: MediaStore {
    public func claimPendingMedia(limit: Int, lease: Duration) async throws -> [PendingMedia] {
        let claimed: [(Int64, Int, String, Int64)] = try await run { [client, logger] in
            var rows: [(Int64, Int, String, Int64)] = []
            for try await row in try await client.query(
                """
                UPDATE attachments a SET fetch_attempts = a.fetch_attempts + 1,
                    fetch_after = now() + make_interval(secs => \(lease.timeInterval))
                FROM (SELECT id FROM attachments WHERE fetch_state = 'pending' AND fetch_after <= now()
                      ORDER BY fetch_after LIMIT \(limit) FOR UPDATE SKIP LOCKED) due, messages m
                WHERE a.id = due.id AND m.id = a.message_id
                RETURNING a.id, a.fetch_attempts, a.remote_reference, m.inbox_id
                """,
                logger: logger
            ).decode((Int64, Int, String, Int64).self) {
                rows.append(row)
            }
            return rows
        }
        guard !claimed.isEmpty else { return [] }
        let inboxIDs = Array(Set(claimed.map(\.3)))
        let inboxes: [Inbox] = try await run { [client, logger, secrets] in
            try await Self.inboxes(
                try await client.query(
                    "SELECT \(unescaped: Self.inboxColumns) FROM inboxes i WHERE i.id = ANY(\(inboxIDs))", logger: logger
                ), secrets: secrets
            )
        }
        let byID = Dictionary(inboxes.map { ($0.id, $0) }) { first, _ in first }
        return claimed.compactMap { row in
            byID[row.3].map { PendingMedia(attachmentID: row.0, attempt: row.1, reference: row.2, inbox: $0) }
        }
    }

    public func storeMedia(attachmentID: Int64, _ media: DownloadedMedia) async throws {
        _ = try await exists(
            """
            UPDATE attachments SET data = \(ByteBuffer(bytes: media.data)), size = \(media.data.count),
                content_type = coalesce(\(media.contentType), content_type), fetch_state = 'ready', fetch_error = NULL
            WHERE id = \(attachmentID)
            RETURNING id
            """
        )
    }

    public func failMedia(attachmentID: Int64, error: String, retryAt: Date?) async throws {
        _ = try await exists(
            """
            UPDATE attachments SET fetch_error = \(error),
                fetch_state = CASE WHEN \(retryAt) IS NULL THEN 'failed' ELSE 'pending' END,
                fetch_after = coalesce(\(retryAt), fetch_after)
            WHERE id = \(attachmentID)
            RETURNING id
            """
        )
    }
}
