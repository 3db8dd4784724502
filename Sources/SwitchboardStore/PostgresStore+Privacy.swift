import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

extension PostgresStore: PrivacyStore {
    public func erasureCounts(contactID: Int64, accountID: Int64) async throws -> ErasureCounts? {
        try await transaction { [logger] connection in
            try await Self.erasureCounts(contactID: contactID, accountID: accountID, lock: false, on: connection, logger: logger)
        }
    }

    public func eraseContact(contactID: Int64, accountID: Int64, actorID: Int64) async throws -> ErasureCounts? {
        try await transaction { [logger] connection in
            guard
                let counts = try await Self.erasureCounts(
                    contactID: contactID, accountID: accountID, lock: true, on: connection, logger: logger
                )
            else { return nil }
            var conversationIDs: [Int64] = []
            for try await id in try await connection.query(
                "SELECT id FROM conversations WHERE contact_id = \(contactID) ORDER BY id FOR UPDATE", logger: logger
            ).decode(Int64.self) {
                conversationIDs.append(id)
            }
            try await Self.anonymize(conversationIDs: conversationIDs, on: connection, logger: logger)
            try await Self.anonymize(contactIDs: [contactID], on: connection, logger: logger)
            // Pseudonymous: who asked, when and how much; nothing of the person.
            try await connection.query(
                """
                INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
                VALUES (\(accountID), \(actorID), 'contact.erased', 'contact', \(contactID),
                        jsonb_build_object('conversations', \(counts.conversations), 'messages', \(counts.messages),
                                           'attachments', \(counts.attachments), 'identities', \(counts.identities)))
                """,
                logger: logger
            )
            return counts
        }
    }

    public func exportContact(contactID: Int64, accountID: Int64) async throws -> JSONValue? {
        let text: String? = try await run { [client, logger] in
            for try await text in try await client.query(Self.exportQuery(contactID: contactID, accountID: accountID), logger: logger)
                .decode(String.self)
            {
                return text
            }
            return nil
        }
        guard let text else { return nil }
        return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func erasureCounts(
        contactID: Int64, accountID: Int64, lock: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws -> ErasureCounts? {
        if lock {
            var found = false
            for try await _ in try await connection.query(
                "SELECT id FROM contacts WHERE id = \(contactID) AND account_id = \(accountID) FOR UPDATE", logger: logger
            ) {
                found = true
            }
            guard found else { return nil }
        }
        for try await row in try await connection.query(
            """
            SELECT (SELECT count(*) FROM conversations c WHERE c.contact_id = ct.id)::int,
                   (SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
                    WHERE c.contact_id = ct.id)::int,
                   (SELECT count(*) FROM attachments a JOIN messages m ON m.id = a.message_id
                    JOIN conversations c ON c.id = m.conversation_id WHERE c.contact_id = ct.id)::int,
                   (SELECT count(*) FROM contact_identities i WHERE i.contact_id = ct.id)::int
            FROM contacts ct WHERE ct.id = \(contactID) AND ct.account_id = \(accountID)
            """,
            logger: logger
        ).decode((Int, Int, Int, Int).self) {
            return ErasureCounts(conversations: row.0, messages: row.1, attachments: row.2, identities: row.3)
        }
        return nil
    }

    /// Removes what conversations said and carried, keeping every figure reports read (message rows and their
    /// times, reply times, status, timers, category, labels, rating). Replies not yet sent are not sent.
    static func anonymize(conversationIDs ids: [Int64], on connection: PostgresConnection, logger: Logger) async throws {
        guard !ids.isEmpty else { return }
        try await connection.query(
            "DELETE FROM attachments a USING messages m WHERE a.message_id = m.id AND m.conversation_id = ANY(\(ids))",
            logger: logger
        )
        try await connection.query(
            """
            UPDATE outbox o SET status = 'failed', last_error = 'erased before it was sent', updated_at = now()
            FROM messages m WHERE o.message_id = m.id AND m.conversation_id = ANY(\(ids)) AND o.status = 'pending'
            """,
            logger: logger
        )
        try await connection.query(
            """
            UPDATE messages SET content = \(Erasure.erasedMarker), html = NULL, raw_payload = NULL, original_content = NULL,
                                subject = NULL, delivery_error = NULL, call = NULL
            WHERE conversation_id = ANY(\(ids))
            """,
            logger: logger
        )
        // The calls that led to these conversations keep their times and status, not the numbers.
        try await connection.query(
            """
            UPDATE call_events e SET raw_payload = NULL FROM calls c
            WHERE c.inbox_id = e.inbox_id AND c.call_id = e.call_id AND c.conversation_id = ANY(\(ids))
            """,
            logger: logger
        )
        try await connection.query(
            """
            UPDATE calls SET from_number = '', to_number = '', agent_email = NULL, cause = NULL, recording_url = NULL,
                             updated_at = now()
            WHERE conversation_id = ANY(\(ids))
            """,
            logger: logger
        )
        try await connection.query(
            """
            UPDATE conversations SET subject = NULL, csat_comment = NULL, thread_key = NULL,
                                     anonymized_at = coalesce(anonymized_at, now())
            WHERE id = ANY(\(ids))
            """,
            logger: logger
        )
    }

    /// The contacts become `Anonymous #id`: no name, address, number, language, attributes or channel identity
    /// (a later message from the same identity starts a new contact); what the audit said about them goes too.
    static func anonymize(contactIDs ids: [Int64], on connection: PostgresConnection, logger: Logger) async throws {
        guard !ids.isEmpty else { return }
        try await connection.query("DELETE FROM contact_identities WHERE contact_id = ANY(\(ids))", logger: logger)
        try await connection.query(
            """
            UPDATE contacts SET name = 'Anonymous #' || id, email = NULL, phone = NULL, language = NULL, attributes = '{}',
                                erased_at = coalesce(erased_at, now()), updated_at = now()
            WHERE id = ANY(\(ids))
            """,
            logger: logger
        )
        try await connection.query(
            """
            UPDATE audit_events SET data = '{}'
            WHERE subject_type = 'contact' AND subject_id = ANY(\(ids)) AND action <> 'contact.erased'
            """,
            logger: logger
        )
    }

    static func exportQuery(contactID: Int64, accountID: Int64) -> PostgresQuery {
        """
        SELECT json_build_object(
            'contact', json_build_object(
                'id', ct.id, 'name', ct.name, 'email', ct.email, 'phone', ct.phone, 'language', ct.language,
                'attributes', ct.attributes, 'blocked', ct.blocked, 'created_at', ct.created_at, 'erased_at', ct.erased_at),
            'identities', coalesce((
                SELECT json_agg(json_build_object('inbox_id', i.inbox_id, 'channel', i.channel_kind,
                                                  'external_id', i.external_id, 'created_at', i.created_at) ORDER BY i.id)
                FROM contact_identities i WHERE i.contact_id = ct.id), '[]'),
            'conversations', coalesce((
                SELECT json_agg(json_build_object(
                    'id', c.id, 'inbox_id', c.inbox_id, 'status', c.status, 'subject', c.subject, 'labels', c.labels,
                    'category', c.category, 'created_at', c.created_at, 'resolved_at', c.resolved_at,
                    'csat', CASE WHEN c.csat_rating IS NULL THEN NULL ELSE json_build_object(
                        'rating', c.csat_rating, 'comment', c.csat_comment, 'rated_at', c.csat_rated_at) END,
                    'messages', coalesce((
                        SELECT json_agg(json_build_object(
                            'id', m.id, 'direction', m.direction, 'sender_type', m.sender_type, 'private', m.private,
                            'subject', m.subject, 'content', m.content, 'created_at', m.created_at,
                            'attachments', coalesce((
                                SELECT json_agg(json_build_object('id', a.id, 'name', a.name, 'content_type', a.content_type,
                                                                  'size', a.size, 'created_at', a.created_at) ORDER BY a.id)
                                FROM attachments a WHERE a.message_id = m.id), '[]')) ORDER BY m.id)
                        FROM messages m WHERE m.conversation_id = c.id), '[]')) ORDER BY c.id)
                FROM conversations c WHERE c.contact_id = ct.id), '[]'),
            'exported_at', now())::text
        FROM contacts ct WHERE ct.id = \(contactID) AND ct.account_id = \(accountID)
        """
    }
}
