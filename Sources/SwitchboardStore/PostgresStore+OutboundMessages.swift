import Foundation
import NIOCore
import PostgresNIO
import SwitchboardCore

/// Loads a claimed batch of replies with everything their connectors need, in a fixed number of queries
/// however large the batch: the messages with their contacts, their inboxes, their files, the mail
/// threads they continue (email and web forms only) and the accounts' default mail inboxes (web forms only).
extension PostgresStore {
    /// The messages among `ids` that still exist, by id.
    func outboundMessages(ids: [Int64]) async throws -> [Int64: OutboundMessage] {
        let rows = try await outboundRows(ids: ids)
        guard !rows.isEmpty else { return [:] }
        let inboxes = try await inboxesByID(Array(Set(rows.map(\.inboxID))))
        let attachments = try await outboundAttachments(messageIDs: rows.map(\.messageID))
        let kinds = rows.compactMap { row in inboxes[row.inboxID].map { (row, $0.kind) } }
        let threaded = kinds.filter { $0.1 == .email || $0.1 == .webform }.map(\.0)
        let threads = try await mailThreads(threaded)
        let webformAccounts = Set(kinds.filter { $0.1 == .webform }.compactMap { inboxes[$0.0.inboxID]?.accountID })
        let mailInboxes = try await defaultMailInboxes(accountIDs: Array(webformAccounts))

        var messages: [Int64: OutboundMessage] = [:]
        for row in rows {
            guard let inbox = inboxes[row.inboxID] else { continue }
            let isThreaded = inbox.kind == .email || inbox.kind == .webform
            var context = ReplyContext()
            if isThreaded {
                context = threads[row.messageID] ?? ReplyContext()
                context.subject = row.subject
            }
            messages[row.messageID] = OutboundMessage(
                messageID: row.messageID, conversationID: row.conversationID, inbox: inbox, contactID: row.contactID,
                contactName: row.contactName, recipientExternalID: row.recipientExternalID,
                recipientEmail: row.contactEmail, content: row.content,
                sender: MessageSender(type: SenderType(rawValue: row.senderType) ?? .agent, id: row.senderID, name: row.senderName),
                createdAt: row.createdAt, attachments: attachments[row.messageID] ?? [], replyContext: context,
                replyThrough: inbox.kind == .webform ? mailInboxes[inbox.accountID] : nil,
                choices: row.choices, contactLanguage: row.contactLanguage
            )
        }
        return messages
    }

    /// One reply's own columns and its contact's, as one query reads them for a whole batch.
    struct OutboundRow: Sendable {
        var messageID: Int64
        var conversationID: Int64
        var contactID: Int64
        var contactName: String
        var contactEmail: String?
        var recipientExternalID: String?
        var content: String
        var senderID: Int64?
        var senderName: String?
        var createdAt: Date
        var senderType: String
        var inboxID: Int64
        var subject: String?
        var choices: [String]
        var contactLanguage: String?
    }

    func outboundRows(ids: [Int64]) async throws -> [OutboundRow] {
        try await run { [client, logger] in
            var rows: [OutboundRow] = []
            for try await row in try await client.query(
                """
                SELECT m.id, m.conversation_id, c.contact_id, ct.name, ct.email,
                       (SELECT ci.external_id FROM contact_identities ci
                        WHERE ci.contact_id = c.contact_id AND ci.inbox_id = c.inbox_id ORDER BY ci.id DESC LIMIT 1),
                       m.content, m.sender_id, ag.name, m.created_at, m.sender_type, m.inbox_id, c.subject,
                       coalesce(m.choices, '{}'), ct.language
                FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN contacts ct ON ct.id = c.contact_id
                LEFT JOIN agents ag ON m.sender_type IN ('agent', 'bot') AND ag.id = m.sender_id
                WHERE m.id = ANY(\(ids))
                """,
                logger: logger
            ).decode(
                (Int64, Int64, Int64, String, String?, String?, String, Int64?, String?, Date, String, Int64, String?, [String], String?).self
            ) {
                rows.append(
                    OutboundRow(
                        messageID: row.0, conversationID: row.1, contactID: row.2, contactName: row.3, contactEmail: row.4,
                        recipientExternalID: row.5, content: row.6, senderID: row.7, senderName: row.8, createdAt: row.9,
                        senderType: row.10, inboxID: row.11, subject: row.12, choices: row.13,
                        contactLanguage: row.14
                    )
                )
            }
            return rows
        }
    }

    func inboxesByID(_ ids: [Int64]) async throws -> [Int64: Inbox] {
        let inboxes = try await run { [client, logger, secrets] in
            try await Self.inboxes(
                try await client.query(
                    "SELECT \(unescaped: Self.inboxColumns) FROM inboxes i WHERE i.id = ANY(\(ids))", logger: logger
                ), secrets: secrets
            )
        }
        return Dictionary(inboxes.map { ($0.id, $0) }) { first, _ in first }
    }

    /// Each message's files, in the order they were added.
    func outboundAttachments(messageIDs: [Int64]) async throws -> [Int64: [OutboundAttachment]] {
        try await run { [client, logger] in
            var files: [Int64: [OutboundAttachment]] = [:]
            for try await (messageID, name, contentType, data) in try await client.query(
                """
                SELECT message_id, name, content_type, data FROM attachments
                WHERE message_id = ANY(\(messageIDs)) ORDER BY message_id, id
                """,
                logger: logger
            ).decode((Int64, String, String, ByteBuffer).self) {
                files[messageID, default: []].append(
                    OutboundAttachment(name: name, contentType: contentType, data: Array(buffer: data))
                )
            }
            return files
        }
    }

    /// For each reply, the Message-IDs of its conversation's mail before it (at most the 20 latest, oldest
    /// first); In-Reply-To names the contact's own latest mail, not that of someone copied on the thread.
    func mailThreads(_ rows: [OutboundRow]) async throws -> [Int64: ReplyContext] {
        guard !rows.isEmpty else { return [:] }
        let messageIDs = rows.map(\.messageID)
        let conversationIDs = rows.map(\.conversationID)
        return try await run { [client, logger] in
            var threads: [Int64: ReplyContext] = [:]
            for try await (messageID, externalID, fromContact) in try await client.query(
                """
                SELECT r.message_id, recent.external_id, recent.from_contact
                FROM unnest(\(messageIDs)::bigint[], \(conversationIDs)::bigint[]) AS r(message_id, conversation_id)
                CROSS JOIN LATERAL (
                    SELECT m.id, m.external_id,
                           m.direction = 'in' AND m.sender_type = 'contact' AND m.sender_id = c.contact_id AS from_contact
                    FROM messages m JOIN conversations c ON c.id = m.conversation_id
                    WHERE m.conversation_id = r.conversation_id AND m.id < r.message_id AND m.external_id LIKE '%@%'
                    ORDER BY m.id DESC LIMIT 20
                ) recent
                ORDER BY r.message_id, recent.id
                """,
                logger: logger
            ).decode((Int64, String, Bool).self) {
                threads[messageID, default: ReplyContext()].references.append(externalID)
                if fromContact { threads[messageID, default: ReplyContext()].inReplyTo = externalID }
            }
            return threads
        }
    }

    /// Each account's mail inbox marked `account_default` (the oldest, if several are).
    func defaultMailInboxes(accountIDs: [Int64]) async throws -> [Int64: Inbox] {
        guard !accountIDs.isEmpty else { return [:] }
        let inboxes = try await run { [client, logger, secrets] in
            try await Self.inboxes(
                try await client.query(
                    """
                    SELECT DISTINCT ON (i.account_id) \(unescaped: Self.inboxColumns) FROM inboxes i
                    WHERE i.account_id = ANY(\(accountIDs)) AND i.channel_kind = 'email' AND i.deleted_at IS NULL
                      AND i.config->>'account_default' = 'true'
                    ORDER BY i.account_id, i.id
                    """,
                    logger: logger
                ), secrets: secrets
            )
        }
        return Dictionary(inboxes.map { ($0.accountID, $0) }) { first, _ in first }
    }
}
