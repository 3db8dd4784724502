import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: TemplateStore {
    static let templateColumns = """
        t.id, t.account_id, t.name, t.shortcode, t.category, t.language, t.body, t.variants::text, t.created_at, t.updated_at,
        coalesce((SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'content_type', f.content_type,
                  'size', f.size, 'state', 'ready') ORDER BY f.id)::text
                  FROM template_attachments f WHERE f.template_id = t.id), '[]')
        """

    static func templates(_ rows: PostgresRowSequence) async throws -> [ReplyTemplate] {
        var list: [ReplyTemplate] = []
        for try await row in rows.decode((Int64, Int64, String, String, String?, String?, String, String, Date, Date, String).self) {
            let variants = decodeJSON(row.7).compactMapValues(\.stringValue)
            let files = ((try? JSONDecoder().decode([AttachmentJSON].self, from: Data(row.10.utf8))) ?? [])
                .map { AttachmentInfo(id: $0.id, name: $0.name, contentType: $0.content_type, size: $0.size) }
            list.append(
                ReplyTemplate(
                    id: row.0, accountID: row.1, name: row.2, shortcode: row.3, category: row.4, language: row.5,
                    body: row.6, variants: variants, attachments: files, createdAt: row.8, updatedAt: row.9
                )
            )
        }
        return list
    }

    static func variantsJSON(_ variants: [String: String]) -> String {
        encodeJSON(variants.mapValues { .string($0) })
    }

    public func templates(accountID: Int64, query: String?, afterID: Int64?, limit: Int) async throws -> [ReplyTemplate] {
        let pattern = query.map { "%" + Self.escapeLike($0) + "%" }
        return try await run { [client, logger] in
            try await Self.templates(
                try await client.query(
                    """
                    SELECT \(unescaped: Self.templateColumns) FROM templates t
                    WHERE t.account_id = \(accountID) AND t.id < \(afterID ?? Int64.max)
                      AND (\(pattern)::text IS NULL OR t.name ILIKE \(pattern) OR t.shortcode ILIKE \(pattern)
                           OR t.category ILIKE \(pattern) OR t.body ILIKE \(pattern) OR t.variants::text ILIKE \(pattern))
                    ORDER BY t.id DESC LIMIT \(limit)
                    """,
                    logger: logger
                )
            )
        }
    }

    public func template(id: Int64, accountID: Int64) async throws -> ReplyTemplate? {
        try await run { [client, logger] in
            try await Self.templates(
                try await client.query(
                    "SELECT \(unescaped: Self.templateColumns) FROM templates t WHERE t.id = \(id) AND t.account_id = \(accountID)",
                    logger: logger
                )
            ).first
        }
    }

    public func createTemplate(accountID: Int64, _ new: NewTemplate) async throws -> ReplyTemplate {
        let variants = Self.variantsJSON(new.variants)
        let created = try await run { [client, logger] in
            try await Self.templates(
                try await client.query(
                    """
                    INSERT INTO templates AS t (account_id, name, shortcode, category, language, body, variants)
                    VALUES (\(accountID), \(new.name), \(new.shortcode), \(new.category), \(new.language), \(new.body),
                            \(variants)::jsonb)
                    RETURNING \(unescaped: Self.templateColumns)
                    """,
                    logger: logger
                )
            ).first
        }
        guard let created else { throw SwitchboardError.storeUnavailable }
        return created
    }

    public func updateTemplate(id: Int64, accountID: Int64, _ change: TemplateChange) async throws -> ReplyTemplate? {
        let variants = change.variants.map(Self.variantsJSON)
        return try await run { [client, logger] in
            try await Self.templates(
                try await client.query(
                    """
                    UPDATE templates AS t SET
                        name = coalesce(\(change.name), t.name),
                        shortcode = coalesce(\(change.shortcode), t.shortcode),
                        category = CASE WHEN \(change.category != nil) THEN \(change.category ?? nil) ELSE t.category END,
                        language = CASE WHEN \(change.language != nil) THEN \(change.language ?? nil) ELSE t.language END,
                        body = coalesce(\(change.body), t.body),
                        variants = coalesce(\(variants)::jsonb, t.variants),
                        updated_at = now()
                    WHERE t.id = \(id) AND t.account_id = \(accountID)
                    RETURNING \(unescaped: Self.templateColumns)
                    """,
                    logger: logger
                )
            ).first
        }
    }

    public func deleteTemplate(id: Int64, accountID: Int64) async throws -> Bool {
        try await exists("DELETE FROM templates WHERE id = \(id) AND account_id = \(accountID) RETURNING id")
    }

    public func templateFacts(conversationID: Int64, accountID: Int64, agentID: Int64?) async throws -> TemplateFacts? {
        guard let conversation = try await conversation(id: conversationID, visibility: .wholeAccount(accountID)) else {
            return nil
        }
        let row: (String?, String, String, String, String, String, String?, String?, String)? = try await run { [client, logger] in
            for try await row in try await client.query(
                """
                SELECT ct.language, ct.attributes::text, i.name, i.channel_kind, a.name, a.time_zone,
                       (SELECT name FROM agents WHERE id = \(agentID ?? conversation.assigneeID) AND account_id = a.id),
                       a.default_language, i.uid
                FROM conversations c JOIN contacts ct ON ct.id = c.contact_id JOIN inboxes i ON i.id = c.inbox_id
                JOIN accounts a ON a.id = c.account_id
                WHERE c.id = \(conversationID)
                """,
                logger: logger
            ).decode((String?, String, String, String, String, String, String?, String?, String).self) {
                return row
            }
            return nil
        }
        guard let row else { return nil }
        return TemplateFacts(
            contactName: conversation.contactName, contactLanguage: row.0, contactAttributes: Self.decodeJSON(row.1),
            agentName: row.6, inboxName: row.2, channel: ChannelKind(rawValue: row.3) ?? .api,
            conversationID: conversation.id, queuePosition: conversation.queuePosition,
            estimatedWaitMinutes: conversation.estimatedWaitMinutes, accountName: row.4, timeZone: row.5,
            accountLanguage: row.7, ratingKey: row.8
        )
    }
}
