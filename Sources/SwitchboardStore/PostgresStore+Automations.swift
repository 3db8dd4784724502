import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

extension PostgresIngestTransaction {
    func scheduleAutomation(_ kind: AutomationKind, conversationID: Int64, inbox: Inbox, templateID: Int64) async throws {
        try await connection.query(
            """
            INSERT INTO automation_jobs (account_id, conversation_id, kind, template_id, due_at)
            VALUES (\(inbox.accountID), \(conversationID), \(kind.rawValue), \(templateID), now())
            ON CONFLICT (conversation_id, kind, account_id) WHERE kind IN ('greeting', 'farewell', 'csat') DO NOTHING
            """,
            logger: logger
        )
    }
}

extension PostgresIngestTransaction {
    func findConversationAwaitingRating(inboxID: Int64, contactID: Int64) async throws -> Int64? {
        for try await id in try await connection.query(
            """
            SELECT c.id FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
            WHERE c.inbox_id = \(inboxID) AND c.contact_id = \(contactID) AND \(unescaped: PostgresStore.surveyAwaits)
            ORDER BY c.id DESC LIMIT 1
            """,
            logger: logger
        ).decode(Int64.self) {
            return id
        }
        return nil
    }

    func recordRating(conversationID: Int64, _ reply: SatisfactionReply) async throws {
        try await connection.query(
            """
            UPDATE conversations SET csat_rating = \(reply.rating), csat_comment = \(reply.comment), csat_rated_at = now(),
                updated_at = now()
            WHERE id = \(conversationID)
            """,
            logger: logger
        )
    }
}

extension PostgresStore: AutomationStore {
    public func claimDueAutomations(now: Date, limit: Int, lease: Duration) async throws -> [AutomationJob] {
        try await run { [client, logger] in
            var jobs: [AutomationJob] = []
            for try await row in try await client.query(
                """
                UPDATE automation_jobs j SET attempts = j.attempts + 1,
                    due_at = \(now) + make_interval(secs => \(lease.timeInterval))
                FROM (SELECT id FROM automation_jobs WHERE status = 'pending' AND due_at <= \(now)
                      ORDER BY due_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED) due
                WHERE j.id = due.id
                RETURNING j.id, j.account_id, j.conversation_id, j.kind, j.template_id, j.attempts,
                    (SELECT status FROM conversations WHERE id = j.conversation_id)
                """,
                logger: logger
            ).decode((Int64, Int64, Int64, String, Int64?, Int, String?).self) {
                guard let kind = AutomationKind(rawValue: row.3) else { continue }
                jobs.append(
                    AutomationJob(
                        id: row.0, accountID: row.1, conversationID: row.2, kind: kind, templateID: row.4, attempt: row.5,
                        conversationStatus: row.6.flatMap(ConversationStatus.init(rawValue:))
                    )
                )
            }
            return jobs
        }
    }

    public func completeAutomation(jobID: Int64, content: String, now: Date) async throws -> Bool {
        try await transaction { [logger] connection in
            // The job row is the lock: whoever finishes it first writes the message, nobody else.
            // A reminder is for a conversation still waiting for the contact (checked under the row lock).
            var job: (Int64, Int64, Int64, String, Int64?)?
            for try await row in try await connection.query(
                """
                UPDATE automation_jobs j SET status = 'done', finished_at = now()
                FROM conversations c
                WHERE j.id = \(jobID) AND j.status = 'pending' AND c.id = j.conversation_id
                  AND (j.kind <> 'inactivity_reminder' OR c.status IN ('open', 'pending'))
                RETURNING j.account_id, j.conversation_id, c.inbox_id, j.kind, j.template_id
                """,
                logger: logger
            ).decode((Int64, Int64, Int64, String, Int64?).self) {
                job = row
            }
            guard let (accountID, conversationID, inboxID, kind, templateID) = job else { return false }
            var messageID: Int64?
            for try await id in try await connection.query(
                """
                INSERT INTO messages (account_id, conversation_id, inbox_id, direction, sender_type, content, delivery_status)
                VALUES (\(accountID), \(conversationID), \(inboxID), 'out', 'automation', \(content), 'queued')
                RETURNING id
                """,
                logger: logger
            ).decode(Int64.self) {
                messageID = id
            }
            guard let messageID else { throw SwitchboardError.storeUnavailable }
            try await Self.attachTemplateFiles(
                templateID: templateID, messageID: messageID, accountID: accountID, on: connection, logger: logger
            )
            try await connection.query(
                "INSERT INTO outbox (account_id, message_id, inbox_id) VALUES (\(accountID), \(messageID), \(inboxID))",
                logger: logger
            )
            // Automated messages are not an agent's first response: first_reply_at stays as it is.
            try await connection.query(
                "UPDATE conversations SET last_message_id = \(messageID), updated_at = now() WHERE id = \(conversationID)",
                logger: logger
            )
            // A rule's reply asks the contact something (a questionnaire's next step): wait for the answer.
            switch AutomationKind(rawValue: kind) {
            case .ruleReply?:
                try await InactivityWait.start(conversationID: conversationID, now: now, on: connection, logger: logger)
            case .inactivityReminder?:
                try await InactivityWait.afterReminder(conversationID: conversationID, now: now, on: connection, logger: logger)
            default:
                break
            }
            return true
        }
    }

    public func cancelAutomation(jobID: Int64, reason: String) async throws {
        _ = try await exists(
            """
            UPDATE automation_jobs SET status = 'cancelled', last_error = \(reason), finished_at = now()
            WHERE id = \(jobID) AND status = 'pending'
            RETURNING id
            """
        )
    }

    public func wakeSnoozedConversations(now: Date) async throws -> [Int64] {
        try await transaction { [logger] connection in
            var woken: [(Int64, Int64)] = []
            for try await row in try await connection.query(
                """
                UPDATE conversations SET status = 'open', snoozed_until = NULL, updated_at = now()
                WHERE status = 'snoozed' AND snoozed_until <= \(now)
                RETURNING id, account_id
                """,
                logger: logger
            ).decode((Int64, Int64).self) {
                woken.append(row)
            }
            for (id, account) in woken {
                try await connection.query(
                    """
                    INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
                    VALUES (\(account), NULL, 'conversation.woken', 'conversation', \(id), '{"reason":"snoozed_until reached"}')
                    """,
                    logger: logger
                )
            }
            return woken.map(\.1)
        }
    }
}
