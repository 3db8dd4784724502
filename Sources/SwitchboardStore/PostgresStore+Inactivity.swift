import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// The wait for a contact's answer, kept as one pending job per conversation in `automation_jobs`:
/// `inactivity_reminder` first (when the inbox has a reminder), then `inactivity_resolve`. Our public
/// messages start the wait again, the contact's messages end it. Every step runs inside the transaction
/// that writes the message, so the wait and the message are never out of step.
enum InactivityWait {
    /// Ends any pending wait of the conversation.
    static func cancel(conversationID: Int64, reason: String, on connection: PostgresConnection, logger: Logger) async throws {
        var bindings = PostgresBindings()
        bindings.append(conversationID)
        bindings.append(reason)
        _ = try await connection.rows(Cancel.self, bindings, logger: logger)
    }

    /// The statement that ends the pending wait of the conversation `conversation` when `gate` holds,
    /// recording `reason` (each an SQL expression), so a message's own statement can end it too.
    static func cancelling(conversation: String, reason: String, when gate: String = "true") -> String {
        """
        UPDATE automation_jobs SET status = 'cancelled', last_error = \(reason), finished_at = now()
        WHERE \(gate) AND conversation_id = \(conversation) AND status = 'pending'
          AND kind IN ('inactivity_reminder', 'inactivity_resolve')
        """
    }

    /// The conversation `$1`'s wait ends for the reason `$2`.
    enum Cancel: PreparedSQL {
        static let sql = InactivityWait.cancelling(conversation: "$1", reason: "$2::text")
    }

    /// We just wrote to the contact: the wait starts again from `now` (the database's clock when nil),
    /// with the reminder when the inbox has one, else straight with the auto-resolve.
    static func start(conversationID: Int64, now: Date?, on connection: PostgresConnection, logger: Logger) async throws {
        try await cancel(conversationID: conversationID, reason: "a newer message started the wait again", on: connection, logger: logger)
        try await connection.query(
            """
            INSERT INTO automation_jobs (account_id, conversation_id, kind, template_id, due_at)
            SELECT c.account_id, c.id,
                   CASE WHEN r.reminds THEN 'inactivity_reminder' ELSE 'inactivity_resolve' END,
                   CASE WHEN r.reminds THEN i.inactivity_reminder_template_id END,
                   coalesce(\(now)::timestamptz, now()) + make_interval(mins => CASE WHEN r.reminds
                       THEN i.inactivity_reminder_minutes ELSE i.inactivity_resolve_minutes END)
            FROM conversations c JOIN inboxes i ON i.id = c.inbox_id,
                 LATERAL (SELECT i.inactivity_reminder_template_id IS NOT NULL
                                 AND i.inactivity_reminder_minutes IS NOT NULL AS reminds) r
            WHERE c.id = \(conversationID) AND c.status IN ('open', 'pending')
              AND (r.reminds OR i.inactivity_resolve_minutes IS NOT NULL)
            ON CONFLICT (conversation_id, account_id) WHERE status = 'pending' AND kind IN ('inactivity_reminder', 'inactivity_resolve')
            DO NOTHING
            """,
            logger: logger
        )
    }

    /// The reminder went out: the auto-resolve follows `inactivity_resolve_minutes` later, if the inbox has one.
    static func afterReminder(conversationID: Int64, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO automation_jobs (account_id, conversation_id, kind, due_at)
            SELECT c.account_id, c.id, 'inactivity_resolve', \(now) + make_interval(mins => i.inactivity_resolve_minutes)
            FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
            WHERE c.id = \(conversationID) AND i.inactivity_resolve_minutes IS NOT NULL
            ON CONFLICT (conversation_id, account_id) WHERE status = 'pending' AND kind IN ('inactivity_reminder', 'inactivity_resolve')
            DO NOTHING
            """,
            logger: logger
        )
    }
}

extension PostgresStore {
    public func resolveInactiveConversation(jobID: Int64) async throws -> Bool {
        try await transaction { [logger] connection in
            var resolved: (Int64, Int64, Int64, String?)?
            for try await row in try await connection.query(
                """
                UPDATE conversations c SET status = 'resolved', resolved_at = now(), snoozed_until = NULL, updated_at = now()
                FROM automation_jobs j, inboxes i
                WHERE j.id = \(jobID) AND j.status = 'pending' AND j.kind = 'inactivity_resolve'
                  AND c.id = j.conversation_id AND i.id = c.inbox_id AND c.status IN ('open', 'pending')
                RETURNING c.account_id, c.id, c.inbox_id, i.inactivity_resolve_note
                """,
                logger: logger
            ).decode((Int64, Int64, Int64, String?).self) {
                resolved = row
            }
            guard let (accountID, conversationID, inboxID, note) = resolved else {
                try await connection.query(
                    """
                    UPDATE automation_jobs SET status = 'cancelled', last_error = 'the conversation is no longer open',
                        finished_at = now()
                    WHERE id = \(jobID) AND status = 'pending'
                    """,
                    logger: logger
                )
                return false
            }
            try await connection.query(
                "UPDATE automation_jobs SET status = 'done', finished_at = now() WHERE id = \(jobID)", logger: logger
            )
            if let note = note?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO messages (account_id, conversation_id, inbox_id, direction, sender_type, content, private)
                    VALUES (\(accountID), \(conversationID), \(inboxID), 'out', 'automation', \(note), true)
                    """,
                    logger: logger
                )
            }
            try await Self.queueFarewell(conversationIDs: [conversationID], on: connection, logger: logger)
            try await connection.query(
                """
                INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
                VALUES (\(accountID), NULL, 'conversation.auto_resolved', 'conversation', \(conversationID),
                        '{"reason":"the contact did not answer"}')
                """,
                logger: logger
            )
            return true
        }
    }

    /// Farewell, then the survey, for conversations that were just resolved: queued in the resolving
    /// transaction, sent once each by the scheduler.
    static func queueFarewell(conversationIDs: [Int64], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO automation_jobs (account_id, conversation_id, kind, template_id, due_at)
            SELECT c.account_id, c.id, t.kind, t.template_id, now()
            FROM conversations c JOIN inboxes i ON i.id = c.inbox_id,
                 LATERAL (VALUES (1, 'farewell', i.farewell_template_id), (2, 'csat', i.csat_template_id))
                     AS t(position, kind, template_id)
            WHERE c.id = ANY(\(conversationIDs)) AND t.template_id IS NOT NULL
            ORDER BY c.id, t.position
            ON CONFLICT (conversation_id, kind, account_id) WHERE kind IN ('greeting', 'farewell', 'csat') DO NOTHING
            """,
            logger: logger
        )
    }
}
