import Foundation
import Logging
import NIOCore
import PostgresNIO
import SwitchboardCore

extension PostgresStore: IngestStore {
    public func withIngestTransaction<T: Sendable>(_ body: @Sendable (any IngestTransaction) async throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            try await transaction { [logger, ruleCache, secrets] connection in
                try await body(
                    PostgresIngestTransaction(connection: connection, logger: logger, ruleCache: ruleCache, secrets: secrets)
                )
            }
        }
    }
}

struct PostgresIngestTransaction: IngestTransaction {
    let connection: PostgresConnection
    let logger: Logger
    /// The store's decoded rules; nil reads them from the database every time.
    var ruleCache: RuleCache? = nil
    /// Opens the channel secrets of an inbox read inside the transaction (an intake reminder's).
    var secrets: SecretBox? = nil

    func lockSender(inboxID: Int64, senderExternalID: String) async throws {
        try await connection.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(String(inboxID) + ":" + senderExternalID), 7))",
            logger: logger
        )
    }

    func findIngested(inboxID: Int64, externalID: String) async throws -> IngestResult? {
        var bindings = PostgresBindings()
        bindings.append(inboxID)
        bindings.append(externalID)
        for row in try await connection.rows(Ingested.self, bindings, logger: logger) {
            let (messageID, conversationID, contactID) = try row.decode((Int64, Int64, Int64).self)
            return IngestResult(
                contactID: contactID, conversationID: conversationID, messageID: messageID, duplicate: true,
                conversationCreated: false
            )
        }
        return nil
    }

    /// The earlier ingest of a platform message id (`$2`) in an inbox (`$1`). Every message asks, so it is prepared.
    enum Ingested: PreparedSQL {
        static let sql = """
            SELECT m.id, m.conversation_id, c.contact_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.inbox_id = $1 AND m.external_id = $2 AND m.direction = 'in'
            """
    }

    func findContact(inboxID: Int64, senderExternalID: String) async throws -> Int64? {
        let rows = try await connection.query(
            "SELECT contact_id FROM contact_identities WHERE inbox_id = \(inboxID) AND external_id = \(senderExternalID)",
            logger: logger
        )
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    func createContact(inbox: Inbox, sender: InboundSender, name: String?, attributes: [String: JSONValue]) async throws -> Int64 {
        let json = PostgresStore.encodeJSON(attributes)
        let rows = try await connection.query(
            """
            INSERT INTO contacts (account_id, name, email, phone, language, attributes)
            VALUES (\(inbox.accountID), \(name ?? ""), \(sender.email), \(sender.phone), \(sender.language), \(json)::jsonb)
            RETURNING id
            """,
            logger: logger
        )
        var contactID: Int64?
        for try await id in rows.decode(Int64.self) { contactID = id }
        guard let contactID else { throw SwitchboardError.storeUnavailable }
        try await connection.query(
            """
            INSERT INTO contact_identities (account_id, contact_id, inbox_id, channel_kind, external_id)
            VALUES (\(inbox.accountID), \(contactID), \(inbox.id), \(inbox.kind.rawValue), \(sender.externalID))
            """,
            logger: logger
        )
        return contactID
    }

    func renameContact(id: Int64, name: String) async throws {
        try await connection.query("UPDATE contacts SET name = \(name) WHERE id = \(id)", logger: logger)
    }

    func linkIdentities(inbox: Inbox, contactID: Int64, externalIDs: [String]) async throws {
        try await connection.query(
            """
            INSERT INTO contact_identities (account_id, contact_id, inbox_id, channel_kind, external_id)
            SELECT \(inbox.accountID), \(contactID), \(inbox.id), \(inbox.kind.rawValue), unnest(\(externalIDs)::text[])
            ON CONFLICT (inbox_id, external_id, account_id) DO NOTHING
            """,
            logger: logger
        )
    }

    func enrichContact(id: Int64, sender: InboundSender, attributes: [String: JSONValue]) async throws {
        let json = PostgresStore.encodeJSON(attributes)
        let name = ContactNaming.given(sender)
        try await connection.query(
            """
            UPDATE contacts SET
                email = coalesce(email, \(sender.email)),
                phone = coalesce(phone, \(sender.phone)),
                language = coalesce(\(sender.language), language),
                name = CASE WHEN \(name)::text IS NOT NULL AND name LIKE 'Anonymous #%' THEN \(name) ELSE name END,
                attributes = attributes || \(json)::jsonb,
                updated_at = now()
            WHERE id = \(id)
            """,
            logger: logger
        )
    }

    func findActiveConversation(inboxID: Int64, contactID: Int64) async throws -> ActiveConversation? {
        var bindings = PostgresBindings()
        bindings.append(inboxID)
        bindings.append(contactID)
        for row in try await connection.rows(ActiveChat.self, bindings, logger: logger) {
            let (id, status, assignee) = try row.decode((Int64, String, Int64?).self)
            return ActiveConversation(id: id, status: ConversationStatus(rawValue: status) ?? .open, assigneeID: assignee)
        }
        return nil
    }

    /// The contact's (`$2`) unresolved conversation in an inbox (`$1`), locked. Every chat message asks.
    enum ActiveChat: PreparedSQL {
        static let sql = """
            SELECT id, status, assignee_id FROM conversations
            WHERE inbox_id = $1 AND contact_id = $2 AND status <> 'resolved'
            FOR UPDATE
            """
    }

    func findConversation(referencing references: [String], accountID: Int64) async throws -> ActiveConversation? {
        guard !references.isEmpty else { return nil }
        let rows = try await connection.query(
            """
            SELECT c.id, c.status, c.inbox_id, c.assignee_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.account_id = \(accountID) AND m.external_id = ANY(\(references))
            ORDER BY array_position(\(references), m.external_id), m.id DESC
            LIMIT 1
            FOR UPDATE OF c
            """,
            logger: logger
        )
        for try await (id, status, inboxID, assignee) in rows.decode((Int64, String, Int64, Int64?).self) {
            return ActiveConversation(
                id: id, status: ConversationStatus(rawValue: status) ?? .open, inboxID: inboxID, assigneeID: assignee
            )
        }
        return nil
    }

    /// No join on `last_message_id`: another ingest may change it while this one waits for the row lock,
    /// and PostgreSQL would then recheck the join against the old message and drop the conversation.
    func findConversation(subjectKey: String, inboxID: Int64, contactID: Int64, since: Date) async throws -> ActiveConversation? {
        let rows = try await connection.query(
            """
            SELECT c.id, c.status, c.assignee_id FROM conversations c
            WHERE c.inbox_id = \(inboxID) AND c.contact_id = \(contactID) AND c.status <> 'resolved'
              AND c.thread_key = \(subjectKey)
              AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.created_at >= \(since))
            ORDER BY c.id DESC
            LIMIT 1
            FOR UPDATE OF c
            """,
            logger: logger
        )
        for try await (id, status, assignee) in rows.decode((Int64, String, Int64?).self) {
            return ActiveConversation(
                id: id, status: ConversationStatus(rawValue: status) ?? .open, inboxID: inboxID, assigneeID: assignee
            )
        }
        return nil
    }

    func reopenConversation(id: Int64) async throws {
        try await connection.query(
            "UPDATE conversations SET status = 'open', snoozed_until = NULL, resolved_at = NULL, updated_at = now() WHERE id = \(id)",
            logger: logger
        )
    }

    func openConversation(inbox: Inbox, contactID: Int64, subject: String?, threadKey: String?) async throws -> Int64 {
        let rows = try await connection.query(
            """
            INSERT INTO conversations (account_id, inbox_id, contact_id, team_id, subject, thread_key)
            VALUES (\(inbox.accountID), \(inbox.id), \(contactID), \(inbox.teamID), \(subject), \(threadKey))
            RETURNING id
            """,
            logger: logger
        )
        for try await id in rows.decode(Int64.self) { return id }
        throw SwitchboardError.storeUnavailable
    }

    func insertIncomingMessage(inbox: Inbox, conversationID: Int64, contactID: Int64, event: InboundEvent) async throws -> Int64 {
        let rows = try await connection.query(
            """
            INSERT INTO messages (account_id, conversation_id, inbox_id, direction, sender_type, sender_id, content,
                                  html, subject, external_id, raw_payload, sent_at, call)
            VALUES (\(inbox.accountID), \(conversationID), \(inbox.id), 'in', 'contact', \(contactID), \(event.content),
                    \(event.html), \(event.subject), \(event.externalID), \(event.rawPayload), \(event.sentAt),
                    \(event.call.map { PostgresStore.encodeJSON($0) })::jsonb)
            RETURNING id
            """,
            logger: logger
        )
        var messageID: Int64?
        for try await id in rows.decode(Int64.self) { messageID = id }
        guard let messageID else { throw SwitchboardError.storeUnavailable }
        for attachment in event.attachments {
            try await connection.query(
                """
                INSERT INTO attachments (account_id, message_id, name, content_type, size, data, remote_reference, fetch_state)
                VALUES (\(inbox.accountID), \(messageID), \(attachment.name), \(attachment.contentType),
                        \(attachment.data.count), \(ByteBuffer(bytes: attachment.data)), \(attachment.remoteReference),
                        \(attachment.remoteReference == nil ? "ready" : "pending"))
                """,
                logger: logger
            )
        }
        // The contact now waits for a human answer from their oldest unanswered message on (reply time, sql/0060).
        try await connection.query(
            """
            UPDATE conversations SET last_message_id = \(messageID), updated_at = now(),
                waiting_since = coalesce(waiting_since, now())
            WHERE id = \(conversationID)
            """,
            logger: logger
        )
        return messageID
    }
}
