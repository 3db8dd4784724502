import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: OutboxStore {
    public func claimDueJobs(limit: Int, lease: Duration) async throws -> [OutboxJob] {
        let leaseSeconds = lease.timeInterval
        let claimed: [(Int64, Int, Int64)] = try await run { [client, logger] in
            var claimed: [(Int64, Int, Int64)] = []
            for try await row in try await client.query(
                """
                UPDATE outbox o SET attempts = o.attempts + 1,
                    next_attempt_at = now() + make_interval(secs => \(leaseSeconds)), updated_at = now()
                FROM (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED) due
                WHERE o.id = due.id
                RETURNING o.id, o.attempts, o.message_id
                """,
                logger: logger
            ).decode((Int64, Int, Int64).self) {
                claimed.append(row)
            }
            return claimed
        }
        var jobs: [OutboxJob] = []
        for (id, attempt, messageID) in claimed {
            if let message = try await outboundMessage(messageID: messageID) {
                jobs.append(OutboxJob(id: id, attempt: attempt, message: message))
            } else {
                try await markFailed(jobID: id, error: "the message no longer exists")
            }
        }
        return jobs
    }

    func outboundMessage(messageID: Int64) async throws -> OutboundMessage? {
        let row: (Int64, Int64, Int64, String, String?, String?, String, Int64?, String?, Date, String)? = try await run {
            [client, logger] in
            for try await row in try await client.query(
                """
                SELECT m.id, m.conversation_id, c.contact_id, ct.name, ct.email,
                       (SELECT ci.external_id FROM contact_identities ci
                        WHERE ci.contact_id = c.contact_id AND ci.inbox_id = c.inbox_id ORDER BY ci.id DESC LIMIT 1),
                       m.content, m.sender_id, ag.name, m.created_at, m.sender_type
                FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN contacts ct ON ct.id = c.contact_id
                LEFT JOIN agents ag ON m.sender_type = 'agent' AND ag.id = m.sender_id
                WHERE m.id = \(messageID)
                """,
                logger: logger
            ).decode((Int64, Int64, Int64, String, String?, String?, String, Int64?, String?, Date, String).self) {
                return row
            }
            return nil
        }
        guard let row else { return nil }
        let inboxes: [Inbox] = try await run { [client, logger] in
            try await Self.inboxes(
                try await client.query(
                    """
                    SELECT \(unescaped: Self.inboxColumns) FROM inboxes i JOIN messages m ON m.inbox_id = i.id
                    WHERE m.id = \(messageID)
                    """,
                    logger: logger
                )
            )
        }
        guard let inbox = inboxes.first else { return nil }
        let attachments: [OutboundAttachment] = try await run { [client, logger] in
            var files: [OutboundAttachment] = []
            for try await file in try await client.query(
                "SELECT name, content_type, data FROM attachments WHERE message_id = \(messageID) ORDER BY id",
                logger: logger
            ).decode((String, String, ByteBuffer).self) {
                files.append(OutboundAttachment(name: file.0, contentType: file.1, data: Array(buffer: file.2)))
            }
            return files
        }
        let threaded = inbox.kind == .email || inbox.kind == .webform
        return OutboundMessage(
            messageID: row.0, conversationID: row.1, inbox: inbox, contactID: row.2, contactName: row.3,
            recipientExternalID: row.5, recipientEmail: row.4, content: row.6,
            sender: MessageSender(type: SenderType(rawValue: row.10) ?? .agent, id: row.7, name: row.8), createdAt: row.9,
            attachments: attachments,
            replyContext: threaded ? try await replyContext(conversationID: row.1, before: row.0) : ReplyContext(),
            replyThrough: inbox.kind == .webform ? try await defaultMailInbox(accountID: inbox.accountID) : nil
        )
    }

    /// The conversation's subject and the Message-IDs of its mail before this reply.
    func replyContext(conversationID: Int64, before messageID: Int64) async throws -> ReplyContext {
        try await run { [client, logger] in
            var context = ReplyContext()
            for try await subject in try await client.query(
                "SELECT subject FROM conversations WHERE id = \(conversationID)", logger: logger
            ).decode(String?.self) {
                context.subject = subject
            }
            // In-Reply-To names the contact's own latest mail, not that of someone copied on the thread.
            for try await (externalID, fromContact) in try await client.query(
                """
                SELECT external_id, from_contact FROM (
                    SELECT m.id, m.external_id,
                           m.direction = 'in' AND m.sender_type = 'contact' AND m.sender_id = c.contact_id AS from_contact
                    FROM messages m JOIN conversations c ON c.id = m.conversation_id
                    WHERE m.conversation_id = \(conversationID) AND m.id < \(messageID) AND m.external_id LIKE '%@%'
                    ORDER BY m.id DESC LIMIT 20
                ) recent ORDER BY id
                """,
                logger: logger
            ).decode((String, Bool).self) {
                context.references.append(externalID)
                if fromContact { context.inReplyTo = externalID }
            }
            return context
        }
    }

    /// The account's mail inbox marked `account_default` (the oldest, if several are).
    func defaultMailInbox(accountID: Int64) async throws -> Inbox? {
        try await run { [client, logger] in
            try await Self.inboxes(
                try await client.query(
                    """
                    SELECT \(unescaped: Self.inboxColumns) FROM inboxes i
                    WHERE i.account_id = \(accountID) AND i.channel_kind = 'email' AND i.deleted_at IS NULL
                      AND i.config->>'account_default' = 'true'
                    ORDER BY i.id LIMIT 1
                    """,
                    logger: logger
                )
            )
        }.first
    }

    public func markSent(jobID: Int64, receipt: DeliveryReceipt) async throws {
        try await transaction { [logger] connection in
            try await connection.query(
                "UPDATE outbox SET status = 'sent', last_error = NULL, updated_at = now() WHERE id = \(jobID)",
                logger: logger
            )
            try await connection.query(
                """
                UPDATE messages SET delivery_status = 'sent', delivery_error = NULL, sent_at = now(),
                    external_id = coalesce(\(receipt.externalID), external_id)
                WHERE id = (SELECT message_id FROM outbox WHERE id = \(jobID))
                """,
                logger: logger
            )
        }
    }

    public func scheduleRetry(jobID: Int64, error: String, at: Date) async throws {
        try await transaction { [logger] connection in
            try await connection.query(
                """
                UPDATE outbox SET next_attempt_at = \(at), last_error = \(error), updated_at = now()
                WHERE id = \(jobID) AND status = 'pending'
                """,
                logger: logger
            )
            // Still queued, but people can see why it has not gone out yet.
            try await connection.query(
                "UPDATE messages SET delivery_error = \(error) WHERE id = (SELECT message_id FROM outbox WHERE id = \(jobID))",
                logger: logger
            )
        }
    }

    public func markFailed(jobID: Int64, error: String) async throws {
        try await transaction { [logger] connection in
            try await connection.query(
                "UPDATE outbox SET status = 'failed', last_error = \(error), updated_at = now() WHERE id = \(jobID)",
                logger: logger
            )
            try await connection.query(
                """
                UPDATE messages SET delivery_status = 'failed', delivery_error = \(error)
                WHERE id = (SELECT message_id FROM outbox WHERE id = \(jobID))
                """,
                logger: logger
            )
        }
    }

    public func pendingCount() async throws -> Int {
        try await run { [client, logger] in
            for try await count in try await client.query(
                "SELECT count(*)::int FROM outbox WHERE status = 'pending'", logger: logger
            ).decode(Int.self) {
                return count
            }
            return 0
        }
    }
}
