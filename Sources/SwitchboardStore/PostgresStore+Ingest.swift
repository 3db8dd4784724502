import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization
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
    /// What this transaction's lookup read for later steps.
    let lookedUp = LookedUp()

    func lockSender(inboxID: Int64, senderExternalID: String) async throws {
        var bindings = PostgresBindings()
        bindings.append(String(inboxID) + ":" + senderExternalID)
        _ = try await connection.rows(SenderLock.self, bindings, logger: logger)
    }

    /// Held to the end of the transaction; the key is the inbox and the sender's id (`$1`).
    enum SenderLock: PreparedSQL {
        static let sql = "SELECT pg_advisory_xact_lock(hashtextextended($1, 7))"
    }

    func lookUp(inboxID: Int64, externalID: String, senderExternalIDs: [String], chat: Bool) async throws -> SenderLookup {
        var bindings = PostgresBindings()
        bindings.append(inboxID)
        bindings.append(externalID)
        bindings.append(senderExternalIDs)
        bindings.append(chat)
        var lookup = SenderLookup()
        for row in try await connection.rows(Lookup.self, bindings, logger: logger) {
            let (messageID, conversationID, earlierContactID, contactID, activeID, status, assignee, rulesVersion) =
                try row.decode((Int64?, Int64?, Int64?, Int64?, Int64?, String?, Int64?, Int64?).self)
            if let messageID, let conversationID, let earlierContactID {
                lookup.ingested = IngestResult(
                    contactID: earlierContactID, conversationID: conversationID, messageID: messageID, duplicate: true,
                    conversationCreated: false
                )
            }
            lookup.contactID = contactID
            lookedUp.rulesVersion = rulesVersion
            if let activeID {
                lookup.activeConversation = ActiveConversation(
                    id: activeID, status: status.flatMap(ConversationStatus.init(rawValue:)) ?? .open, assigneeID: assignee
                )
            }
        }
        return lookup
    }

    /// Every message asks this first, so it is one prepared statement: the earlier ingest of the platform
    /// message id `$2` in the inbox `$1`; the contact the first known of the sender's ids (`$3`, in order)
    /// leads to; for a chat (`$4`) that is not a retry, that contact's unresolved chat, locked; and the
    /// account's rules version, which spares the rules' statement when the cache knows there are none.
    enum Lookup: PreparedSQL {
        static let sql = """
            WITH earlier AS (
                SELECT m.id, m.conversation_id, c.contact_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.inbox_id = $1 AND m.external_id = $2 AND m.direction = 'in'
                LIMIT 1
            ), known AS (
                SELECT ci.contact_id FROM unnest($3::text[]) WITH ORDINALITY AS sender (external_id, position)
                JOIN contact_identities ci ON ci.inbox_id = $1 AND ci.external_id = sender.external_id
                ORDER BY sender.position
                LIMIT 1
            )
            SELECT earlier.id, earlier.conversation_id, earlier.contact_id, known.contact_id,
                   active.id, active.status, active.assignee_id,
                   (SELECT a.rules_version FROM inboxes i JOIN accounts a ON a.id = i.account_id WHERE i.id = $1)
            FROM (SELECT) AS one
            LEFT JOIN earlier ON true
            LEFT JOIN known ON true
            LEFT JOIN LATERAL (
                SELECT c.id, c.status, c.assignee_id FROM conversations c
                WHERE $4 AND earlier.id IS NULL AND c.inbox_id = $1 AND c.contact_id = known.contact_id
                  AND c.status <> 'resolved'
                LIMIT 1
                FOR UPDATE
            ) AS active ON true
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
        var bindings = PostgresBindings()
        bindings.append(inbox.accountID)
        bindings.append(name ?? "")
        bindings.append(sender.email)
        bindings.append(sender.phone)
        bindings.append(sender.language)
        bindings.append(PostgresStore.encodeJSON(attributes))
        bindings.append(inbox.id)
        bindings.append(inbox.kind.rawValue)
        bindings.append(sender.externalID)
        for row in try await connection.rows(NewContact.self, bindings, logger: logger) { return try row.decode(Int64.self) }
        throw SwitchboardError.storeUnavailable
    }

    /// A new contact (`$1`…`$6`) and their identity on the inbox's channel (`$7`…`$9`), in one round trip.
    enum NewContact: PreparedSQL {
        static let sql = """
            WITH contact AS (
                INSERT INTO contacts (account_id, name, email, phone, language, attributes)
                VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)
                RETURNING id
            ), identity AS (
                INSERT INTO contact_identities (account_id, contact_id, inbox_id, channel_kind, external_id)
                SELECT $1, id, $7, $8, $9 FROM contact
            )
            SELECT id FROM contact
            """
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
        var bindings = PostgresBindings()
        bindings.append(id)
        Self.appendEnrichment(sender, attributes, to: &bindings)
        _ = try await connection.rows(Enrichment.self, bindings, logger: logger)
    }

    /// The five values an enrichment reads: email, phone, language, the given name and the attributes.
    static func appendEnrichment(_ sender: InboundSender, _ attributes: [String: JSONValue], to bindings: inout PostgresBindings) {
        bindings.append(sender.email)
        bindings.append(sender.phone)
        bindings.append(sender.language)
        bindings.append(ContactNaming.given(sender))
        bindings.append(PostgresStore.encodeJSON(attributes))
    }

    /// The contact `contact` gets an email (`$e`) and phone (`$e+1`) it lacks, the language (`$e+2`) it now
    /// writes in, the given name (`$e+3`) instead of an anonymous one, and the attributes (`$e+4`) merged
    /// in. Most messages repeat what the contact's row already says: then nothing is written (no new row
    /// version, no index entries, no `contact.updated` event), and `updated_at` keeps the last real change.
    static func enrichment(contact: String, firstValue e: Int, when gate: String = "true") -> String {
        let (email, phone, language, name, attributes) = ("$\(e)", "$\(e + 1)", "$\(e + 2)", "$\(e + 3)", "$\(e + 4)")
        return """
            UPDATE contacts SET
                email = coalesce(email, \(email)::text),
                phone = coalesce(phone, \(phone)::text),
                language = coalesce(\(language)::text, language),
                name = CASE WHEN \(name)::text IS NOT NULL AND name LIKE 'Anonymous #%' THEN \(name)::text ELSE name END,
                attributes = attributes || \(attributes)::text::jsonb,
                updated_at = now()
            WHERE \(gate) AND id = \(contact)
              AND ((email IS NULL AND \(email)::text IS NOT NULL) OR (phone IS NULL AND \(phone)::text IS NOT NULL)
                   OR (\(language)::text IS NOT NULL AND \(language)::text IS DISTINCT FROM language)
                   OR (\(name)::text IS NOT NULL AND name LIKE 'Anonymous #%' AND name <> \(name)::text)
                   OR attributes || \(attributes)::text::jsonb IS DISTINCT FROM attributes)
            """
    }

    /// A known contact (`$1`) enriched by a message that is not written in the same statement.
    enum Enrichment: PreparedSQL {
        static let sql = PostgresIngestTransaction.enrichment(contact: "$1", firstValue: 2)
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
        var bindings = PostgresBindings()
        bindings.append(inbox.accountID)
        bindings.append(inbox.id)
        bindings.append(contactID)
        bindings.append(inbox.teamID)
        bindings.append(subject)
        bindings.append(threadKey)
        for row in try await connection.rows(NewConversation.self, bindings, logger: logger) { return try row.decode(Int64.self) }
        throw SwitchboardError.storeUnavailable
    }

    /// Every first message opens one, so it is prepared.
    enum NewConversation: PreparedSQL {
        static let sql = """
            INSERT INTO conversations (account_id, inbox_id, contact_id, team_id, subject, thread_key)
            VALUES ($1, $2, $3, $4, $5, $6)
            RETURNING id
            """
    }

    func insertIncomingMessage(
        inbox: Inbox, conversationID: Int64, contactID: Int64, event: InboundEvent, contactAnswered: Bool,
        enrichesContact: Bool
    ) async throws -> Int64 {
        var bindings = PostgresBindings()
        bindings.append(inbox.accountID)
        bindings.append(conversationID)
        bindings.append(inbox.id)
        bindings.append(contactID)
        bindings.append(event.content)
        bindings.append(event.html)
        bindings.append(event.subject)
        bindings.append(event.externalID)
        bindings.append(event.rawPayload)
        bindings.append(event.sentAt)
        bindings.append(event.call.map { PostgresStore.encodeJSON($0) })
        bindings.append(contactAnswered)
        bindings.append(enrichesContact)
        Self.appendEnrichment(event.sender, event.contactAttributes, to: &bindings)
        var messageID: Int64?
        for row in try await connection.rows(IncomingMessage.self, bindings, logger: logger) {
            messageID = try row.decode(Int64.self)
        }
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
        return messageID
    }

    /// Every message runs this, so it is one prepared statement: the message (`$1`…`$11`) becomes the
    /// conversation's last, the contact now waits for a human answer from their oldest unanswered message
    /// on (reply time, sql/0060), when the contact answered (`$12`) their pending inactivity jobs end, and
    /// when asked (`$13`) the contact (`$4`) is enriched with `$14`…`$18` (see `enrichment`).
    enum IncomingMessage: PreparedSQL {
        static let sql = """
            WITH message AS (
                INSERT INTO messages (account_id, conversation_id, inbox_id, direction, sender_type, sender_id, content,
                                      html, subject, external_id, raw_payload, sent_at, call)
                VALUES ($1, $2, $3, 'in', 'contact', $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb)
                RETURNING id
            ), conversation AS (
                UPDATE conversations SET last_message_id = (SELECT id FROM message), updated_at = now(),
                    waiting_since = coalesce(waiting_since, now())
                WHERE id = $2
            ), answered AS (
            \(InactivityWait.cancelling(conversation: "$2", reason: "'the contact answered'", when: "$12"))
            ), enriched AS (
            \(PostgresIngestTransaction.enrichment(contact: "$4", firstValue: 14, when: "$13"))
            )
            SELECT id FROM message
            """
    }
}

/// Facts the lookup read that later steps of the same ingest use instead of asking again. One ingest
/// runs its steps one after another, so the lock is never contended; it is there to make it Sendable.
final class LookedUp: Sendable {
    private let state = Mutex<Int64?>(nil)

    /// The account's `rules_version` (sql/0031) when the lookup ran.
    var rulesVersion: Int64? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
