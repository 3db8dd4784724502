import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

extension PostgresStore: ConversationChangeStore {
    public func withConversationTransaction<T: Sendable>(
        _ body: @Sendable (any ConversationTransaction) async throws -> T
    ) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            try await transaction { [logger, ruleCache, secrets] connection in
                try await body(
                    PostgresConversationTransaction(connection: connection, logger: logger, ruleCache: ruleCache, secrets: secrets)
                )
            }
        }
    }
}

/// The steps of a conversation change as plain SQL on one transaction's connection. Rules' steps are the
/// ingest transaction's own (the same statements, the same rule cache).
struct PostgresConversationTransaction: ConversationTransaction {
    let connection: PostgresConnection
    let logger: Logger
    let ruleCache: RuleCache
    let secrets: SecretBox?

    private var rules: PostgresIngestTransaction {
        PostgresIngestTransaction(connection: connection, logger: logger, ruleCache: ruleCache)
    }

    func rulesAndFacts(
        accountID: Int64, conversationID: Int64, inbox: Inbox, messageContent: String?, now: Date
    ) async throws -> (rules: [Rule], facts: RuleFacts)? {
        try await rules.rulesAndFacts(
            accountID: accountID, conversationID: conversationID, inbox: inbox, messageContent: messageContent, now: now
        )
    }

    func applyRuleActions(_ actions: [RuleAction], of rule: Rule, conversationID: Int64, inbox: Inbox) async throws -> RuleEffects {
        try await rules.applyRuleActions(actions, of: rule, conversationID: conversationID, inbox: inbox)
    }

    func lockConversation(id: Int64, accountID: Int64) async throws -> LockedConversation? {
        for try await row in try await connection.query(
            """
            SELECT c.status, c.assignee_id, c.team_id, c.priority, c.labels, c.category, c.inbox_id, i.deleted_at IS NOT NULL
            FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
            WHERE c.id = \(id) AND c.account_id = \(accountID) FOR UPDATE OF c
            """,
            logger: logger
        ).decode((String, Int64?, Int64?, String, [String], String?, Int64, Bool).self) {
            return LockedConversation(
                state: PostgresStore.state((row.0, row.1, row.2, row.3, row.4, row.5)), inboxID: row.6, inboxDeleted: row.7
            )
        }
        return nil
    }

    func agentExists(id: Int64, accountID: Int64) async throws -> Bool {
        try await exists("SELECT 1 FROM agents WHERE id = \(id) AND account_id = \(accountID)")
    }

    func teamExists(id: Int64, accountID: Int64) async throws -> Bool {
        try await exists("SELECT 1 FROM teams WHERE id = \(id) AND account_id = \(accountID)")
    }

    func categoryPath(_ path: String, accountID: Int64) async throws -> String? {
        guard let query = PostgresStore.categoryQuery(path: path, accountID: accountID) else { return nil }
        return try await PostgresStore.categories(try await connection.query(query, logger: logger)).first?.path
    }

    func inbox(id: Int64) async throws -> Inbox? {
        try await PostgresStore.inboxes(
            try await connection.query(
                "SELECT \(unescaped: PostgresStore.inboxColumns) FROM inboxes i WHERE i.id = \(id)", logger: logger
            ), secrets: secrets
        ).first
    }

    func applyChange(_ change: ConversationChange, to conversationID: Int64) async throws -> ConversationState {
        try await PostgresStore.apply(change, to: conversationID, connection, logger)
    }

    func state(of conversationID: Int64) async throws -> ConversationState? {
        for try await row in try await connection.query(
            "SELECT \(unescaped: PostgresStore.stateColumns) FROM conversations WHERE id = \(conversationID)", logger: logger
        ).decode(PostgresStore.StateRow.self) {
            return PostgresStore.state(row)
        }
        return nil
    }

    func queueFarewell(conversationID: Int64) async throws {
        try await PostgresStore.queueFarewell(conversationIDs: [conversationID], on: connection, logger: logger)
    }

    func insertAgentMessage(_ reply: NewReply, conversationID: Int64, inboxID: Int64, accountID: Int64) async throws -> Int64 {
        let status: String? = reply.isPrivate ? nil : DeliveryStatus.queued.rawValue
        // A bot writes only while its conversation is with it (running, in an inbox that still names a bot).
        for try await id in try await connection.query(
            """
            INSERT INTO messages (account_id, conversation_id, inbox_id, direction, sender_type, sender_id, content,
                                  private, delivery_status, reply_seconds)
            SELECT \(accountID), \(conversationID), \(inboxID), 'out', \(reply.asBot ? "bot" : "agent"), \(reply.agentID),
                   \(reply.content), \(reply.isPrivate), \(status),
                   CASE WHEN NOT \(reply.isPrivate) AND NOT \(reply.asBot) THEN (
                       SELECT greatest(0, extract(epoch FROM now() - waiting_since))::float8
                       FROM conversations WHERE id = \(conversationID) AND waiting_since IS NOT NULL) END
            WHERE NOT \(reply.asBot) OR EXISTS (
                SELECT 1 FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
                WHERE c.id = \(conversationID) AND i.bot_webhook_endpoint_id IS NOT NULL
                  AND c.intake ->> 'state' = 'running' AND c.intake ->> 'bot' = 'true')
            RETURNING id
            """,
            logger: logger
        ).decode(Int64.self) {
            return id
        }
        if reply.asBot {
            throw SwitchboardError.conflict("this conversation is not with a bot: its inbox has none, or the bot handed it over")
        }
        throw SwitchboardError.storeUnavailable
    }

    func attachTemplateFiles(templateID: Int64, messageID: Int64, accountID: Int64) async throws {
        try await PostgresStore.attachTemplateFiles(
            templateID: templateID, messageID: messageID, accountID: accountID, on: connection, logger: logger
        )
    }

    func attachFiles(_ files: [OutboundAttachment], messageID: Int64, accountID: Int64) async throws {
        for file in files {
            try await connection.query(
                """
                INSERT INTO attachments (account_id, message_id, name, content_type, size, data)
                VALUES (\(accountID), \(messageID), \(file.name), \(file.contentType), \(file.data.count), \(ByteBuffer(bytes: file.data)))
                """,
                logger: logger
            )
        }
    }

    func enqueueDelivery(messageID: Int64, inboxID: Int64, accountID: Int64) async throws {
        try await connection.query(
            "INSERT INTO outbox (account_id, message_id, inbox_id) VALUES (\(accountID), \(messageID), \(inboxID))",
            logger: logger
        )
    }

    func recordPublicReply(messageID: Int64, conversationID: Int64) async throws {
        try await connection.query(
            """
            UPDATE conversations SET last_message_id = \(messageID), updated_at = now(),
                first_reply_at = coalesce(first_reply_at, now()),
                first_human_reply_at = coalesce(first_human_reply_at, now()),
                first_response_at = coalesce(first_response_at, now()),
                waiting_since = NULL
            WHERE id = \(conversationID)
            """,
            logger: logger
        )
    }

    func startWaitingForContact(conversationID: Int64) async throws {
        try await InactivityWait.start(conversationID: conversationID, now: nil, on: connection, logger: logger)
    }

    func audit(
        accountID: Int64, actorID: Int64?, action: String, subjectType: String, subjectID: Int64, data: [String: JSONValue]
    ) async throws {
        try await connection.query(
            """
            INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
            VALUES (\(accountID), \(actorID), \(action), \(subjectType), \(subjectID), \(PostgresStore.encodeJSON(data))::jsonb)
            """,
            logger: logger
        )
    }

    private func exists(_ query: PostgresQuery) async throws -> Bool {
        for try await _ in try await connection.query(query, logger: logger) { return true }
        return false
    }
}
