import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: ContactStore {
    static let contactColumns = """
        ct.id, ct.account_id, ct.name, ct.email, ct.phone, ct.language, ct.attributes::text, ct.blocked, ct.created_at,
        ct.updated_at
        """

    static func contacts(_ rows: PostgresRowSequence) async throws -> [Contact] {
        var list: [Contact] = []
        for try await row in rows.decode((Int64, Int64, String, String?, String?, String?, String, Bool, Date, Date).self) {
            list.append(
                Contact(
                    id: row.0, accountID: row.1, name: row.2, email: row.3, phone: row.4, language: row.5,
                    attributes: decodeJSON(row.6), blocked: row.7, createdAt: row.8, updatedAt: row.9
                )
            )
        }
        return list
    }

    /// A contact is visible to someone who sees everything in the account, or who sees one of its conversations.
    public func contact(id: Int64, visibility: Visibility) async throws -> Contact? {
        let sight = Sight(visibility)
        return try await run { [client, logger] in
            try await Self.contacts(
                try await client.query(
                    """
                    SELECT \(unescaped: Self.contactColumns) FROM contacts ct
                    WHERE ct.id = \(id) AND ct.account_id = \(sight.accountID) AND (NOT \(sight.restricted) OR EXISTS (
                        SELECT 1 FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
                        WHERE c.contact_id = ct.id AND (c.assignee_id = \(sight.agentID)
                            OR i.team_id = ANY(\(sight.teamIDs)) OR c.team_id = ANY(\(sight.teamIDs)))))
                    """,
                    logger: logger
                )
            ).first
        }
    }

    public func identities(contactID: Int64) async throws -> [ContactIdentity] {
        try await run { [client, logger] in
            var list: [ContactIdentity] = []
            for try await row in try await client.query(
                """
                SELECT id, inbox_id, channel_kind, external_id, created_at,
                       CASE WHEN unreachable THEN coalesce(unreachable_reason, 'unreachable') END
                FROM contact_identities
                WHERE contact_id = \(contactID) ORDER BY id
                """,
                logger: logger
            ).decode((Int64, Int64, String, String, Date, String?).self) {
                list.append(
                    ContactIdentity(
                        id: row.0, inboxID: row.1, channel: ChannelKind(rawValue: row.2) ?? .api, externalID: row.3,
                        createdAt: row.4, unreachableReason: row.5
                    )
                )
            }
            return list
        }
    }

    public func conversations(contactID: Int64, visibility: Visibility) async throws -> [Conversation] {
        var filter = ConversationFilter()
        filter.contactID = contactID
        filter.limit = 500
        return try await conversations(filter, visibility: visibility)
    }

    public func updateContact(id: Int64, accountID: Int64, _ change: ContactChange) async throws -> Contact? {
        let removed = change.attributes?.filter { $0.value == .null }.map(\.key) ?? []
        let merged = change.attributes?.filter { $0.value != .null } ?? [:]
        return try await run { [client, logger] in
            try await Self.contacts(
                try await client.query(
                    """
                    UPDATE contacts AS ct SET
                        name = coalesce(\(change.name), name),
                        attributes = (attributes || \(Self.encodeJSON(merged))::jsonb) - \(removed)::text[],
                        blocked = coalesce(\(change.blocked), blocked),
                        updated_at = now()
                    WHERE ct.id = \(id) AND ct.account_id = \(accountID)
                    RETURNING \(unescaped: Self.contactColumns)
                    """,
                    logger: logger
                )
            ).first
        }
    }

    public func mergeContact(id: Int64, otherID: Int64, accountID: Int64, actorID: Int64) async throws -> Contact? {
        let merged: Bool = try await transaction { [logger] connection in
            var found = Set<Int64>()
            for try await contactID in try await connection.query(
                """
                SELECT id FROM contacts WHERE account_id = \(accountID) AND id IN (\(id), \(otherID))
                ORDER BY id FOR UPDATE
                """,
                logger: logger
            ).decode(Int64.self) {
                found.insert(contactID)
            }
            guard found.contains(id) else { return false }
            guard found.contains(otherID) else {
                throw SwitchboardError.badReference(.mergedContact, "contact \(otherID) does not exist")
            }
            // Two active conversations in one inbox would break "one active conversation per contact and inbox":
            // the other contact's one is resolved and its history stays under the merged contact.
            try await connection.query(
                """
                UPDATE conversations o SET status = 'resolved', resolved_at = now(), updated_at = now()
                WHERE o.contact_id = \(otherID) AND o.status <> 'resolved' AND EXISTS (
                    SELECT 1 FROM conversations k WHERE k.contact_id = \(id) AND k.inbox_id = o.inbox_id AND k.status <> 'resolved')
                """,
                logger: logger
            )
            try await connection.query(
                "UPDATE conversations SET contact_id = \(id) WHERE contact_id = \(otherID)", logger: logger
            )
            try await connection.query(
                """
                UPDATE messages SET sender_id = \(id) WHERE sender_type = 'contact' AND sender_id = \(otherID)
                AND account_id = \(accountID)
                """,
                logger: logger
            )
            try await connection.query(
                "UPDATE contact_identities SET contact_id = \(id) WHERE contact_id = \(otherID)", logger: logger
            )
            try await connection.query(
                """
                UPDATE contacts k SET
                    attributes = o.attributes || k.attributes,
                    email = coalesce(k.email, o.email), phone = coalesce(k.phone, o.phone),
                    language = coalesce(k.language, o.language), updated_at = now()
                FROM contacts o WHERE k.id = \(id) AND o.id = \(otherID)
                """,
                logger: logger
            )
            try await connection.query("DELETE FROM contacts WHERE id = \(otherID)", logger: logger)
            try await connection.query(
                """
                INSERT INTO events (account_id, type, subject_id, changes)
                VALUES (\(accountID), 'contact.merged', \(id), jsonb_build_object('merged_contact_id', \(otherID)::bigint))
                """,
                logger: logger
            )
            try await connection.query(
                """
                INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
                VALUES (\(accountID), \(actorID), 'contact.merged', 'contact', \(id),
                        jsonb_build_object('other_id', \(otherID)::bigint))
                """,
                logger: logger
            )
            return true
        }
        return merged ? try await contact(id: id, visibility: .wholeAccount(accountID)) : nil
    }
}
