import Foundation
import NIOCore
import PostgresNIO
import SwitchboardCore

extension PostgresStore: ConversationStore {
    static let conversationSelect = """
        SELECT c.id, c.account_id, c.inbox_id, c.contact_id, ct.name, c.status, c.assignee_id, c.team_id, c.priority,
               c.labels, c.subject, c.snoozed_until, lm.direction, lm.content, lm.created_at, c.created_at, c.updated_at,
               q.position, q.wait_minutes, c.csat_rating, c.csat_comment, c.csat_rated_at, c.category, c.intake::text
        FROM conversations c
        JOIN contacts ct ON ct.id = c.contact_id
        JOIN inboxes i ON i.id = c.inbox_id
        LEFT JOIN messages lm ON lm.id = c.last_message_id
        LEFT JOIN LATERAL (
            -- The queue: unassigned active conversations of the same team in auto-assigning inboxes,
            -- in the order assignment takes them (urgent, high, then the rest; oldest first).
            -- The counts repeat the condition of the last WHERE: there it only hides the result, while
            -- inside each count PostgreSQL checks it once before scanning (a one-time filter), so a
            -- conversation that is in no queue costs no scan of the queue.
            SELECT p.position, CASE WHEN r.per_hour > 0 THEN ceil(p.position * 60.0 / r.per_hour)::int END AS wait_minutes
            FROM (
                SELECT count(*)::int + 1 AS position FROM conversations w JOIN inboxes wi ON wi.id = w.inbox_id
                WHERE c.assignee_id IS NULL AND c.status IN ('open', 'pending') AND i.assignment_policy <> 'off'
                  AND w.account_id = c.account_id AND w.assignee_id IS NULL AND w.status IN ('open', 'pending')
                  AND coalesce(w.intake ->> 'state', '') <> 'running'
                  AND wi.assignment_policy <> 'off' AND wi.deleted_at IS NULL
                  AND coalesce(w.team_id, wi.team_id) IS NOT DISTINCT FROM coalesce(c.team_id, i.team_id)
                  AND (CASE w.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END,
                       w.created_at, w.id)
                    < (CASE c.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, c.created_at, c.id)
            ) p,
            (SELECT count(*) AS per_hour FROM conversations h
             WHERE c.assignee_id IS NULL AND c.status IN ('open', 'pending') AND i.assignment_policy <> 'off'
               AND h.account_id = c.account_id AND h.assigned_at > now() - interval '1 hour') r
            WHERE c.assignee_id IS NULL AND c.status IN ('open', 'pending') AND i.assignment_policy <> 'off'
              AND coalesce(c.intake ->> 'state', '') <> 'running'
        ) q ON true
        """

    typealias ConversationRow = (
        Int64, Int64, Int64, Int64, String, String, Int64?, Int64?, String, [String], String?, Date?, String?, String?,
        Date?, Date, Date, Int?, Int?, Int?, String?, Date?, String?, String?
    )

    static func conversations(_ rows: PostgresRowSequence) async throws -> [Conversation] {
        var list: [Conversation] = []
        for try await row in rows.decode(ConversationRow.self) {
            var last: MessageSummary?
            if let direction = row.12.flatMap(MessageDirection.init(rawValue:)), let content = row.13, let at = row.14 {
                last = MessageSummary(direction: direction, content: content, createdAt: at)
            }
            list.append(
                Conversation(
                    id: row.0, accountID: row.1, inboxID: row.2, contactID: row.3, contactName: row.4,
                    status: ConversationStatus(rawValue: row.5) ?? .open, assigneeID: row.6, teamID: row.7,
                    priority: Priority(rawValue: row.8) ?? .none, labels: row.9, subject: row.10, snoozedUntil: row.11,
                    lastMessage: last, queuePosition: row.17, estimatedWaitMinutes: row.18,
                    satisfaction: row.19.flatMap { rating in
                        row.21.map { Satisfaction(rating: rating, comment: row.20, ratedAt: $0) }
                    },
                    category: row.22,
                    intake: IntakeProgress.stored(decodeJSONValue(row.23)),
                    createdAt: row.15,
                    updatedAt: row.16
                )
            )
        }
        return list
    }

    /// The parameters of the condition "the viewer may see conversation c" (c joined with its inbox i).
    struct Sight {
        var accountID: Int64
        var restricted: Bool
        var agentID: Int64
        var teamIDs: [Int64]

        init(_ visibility: Visibility) {
            accountID = visibility.accountID
            restricted = visibility.restrictedTo != nil
            agentID = visibility.restrictedTo?.agentID ?? 0
            teamIDs = visibility.restrictedTo?.teamIDs ?? []
        }
    }

    public func conversations(_ filter: ConversationFilter, visibility: Visibility) async throws -> [Conversation] {
        let matches = try await searchMatches(filter.query, accountID: visibility.accountID)
        let sql = Self.filteredConversations(
            select: Self.conversationSelect, filter, Sight(visibility), orderBy: "ORDER BY c.id DESC", limit: filter.limit,
            matches: matches
        )
        return try await run { [client, logger] in
            try await Self.conversations(try await client.query(sql, logger: logger))
        }
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    public func conversation(id: Int64, visibility: Visibility) async throws -> Conversation? {
        let sight = Sight(visibility)
        let sql: PostgresQuery = """
            \(unescaped: Self.conversationSelect)
            WHERE c.id = \(id) AND c.account_id = \(sight.accountID) AND (NOT \(sight.restricted)
                OR c.assignee_id = \(sight.agentID) OR i.team_id = ANY(\(sight.teamIDs)) OR c.team_id = ANY(\(sight.teamIDs)))
            """
        return try await run { [client, logger] in
            try await Self.conversations(try await client.query(sql, logger: logger)).first
        }
    }

    static let messageSelect = """
        SELECT m.id, m.conversation_id, m.direction, m.sender_type, m.sender_id,
               CASE m.sender_type WHEN 'contact' THEN ct.name WHEN 'agent' THEN ag.name ELSE NULL END,
               m.content, m.private, m.delivery_status, m.delivery_error, m.created_at,
               coalesce((SELECT json_agg(json_build_object('id', a.id, 'name', a.name, 'content_type', a.content_type,
                         'size', a.size, 'state', a.fetch_state, 'error', a.fetch_error) ORDER BY a.id)::text
                         FROM attachments a WHERE a.message_id = m.id), '[]'),
               m.edited_at, m.subject, m.call::text
        FROM messages m
        LEFT JOIN contacts ct ON m.sender_type = 'contact' AND ct.id = m.sender_id
        LEFT JOIN agents ag ON m.sender_type IN ('agent', 'bot') AND ag.id = m.sender_id
        """

    struct AttachmentJSON: Decodable {
        var id: Int64
        var name: String
        var content_type: String
        var size: Int
        var state: AttachmentInfo.State
        var error: String?
    }

    static func messages(_ rows: PostgresRowSequence) async throws -> [Message] {
        var list: [Message] = []
        for try await row in rows.decode(
            (Int64, Int64, String, String, Int64?, String?, String, Bool, String?, String?, Date, String, Date?, String?, String?).self
        ) {
            let attachments = ((try? JSONDecoder().decode([AttachmentJSON].self, from: Data(row.11.utf8))) ?? [])
                .map {
                    AttachmentInfo(
                        id: $0.id, name: $0.name, contentType: $0.content_type, size: $0.size, state: $0.state, error: $0.error
                    )
                }
            list.append(
                Message(
                    id: row.0, conversationID: row.1, direction: MessageDirection(rawValue: row.2) ?? .incoming,
                    sender: MessageSender(type: SenderType(rawValue: row.3) ?? .contact, id: row.4, name: row.5),
                    content: row.6, isPrivate: row.7, attachments: attachments,
                    deliveryStatus: row.8.flatMap(DeliveryStatus.init(rawValue:)), deliveryError: row.9, createdAt: row.10,
                    editedAt: row.12, subject: row.13,
                    call: row.14.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
                )
            )
        }
        return list
    }

    public func messages(conversationID: Int64, afterID: Int64?, limit: Int) async throws -> [Message] {
        try await messages(conversationID: conversationID, after: afterID ?? 0, before: .max, newestFirst: false, limit: limit)
    }

    public func messages(conversationID: Int64, beforeID: Int64?, limit: Int) async throws -> [Message] {
        try await messages(conversationID: conversationID, after: 0, before: beforeID ?? .max, newestFirst: true, limit: limit)
    }

    /// A conversation's messages with ids strictly between `after` and `before`, in id order or reversed.
    func messages(conversationID: Int64, after: Int64, before: Int64, newestFirst: Bool, limit: Int) async throws -> [Message] {
        try await run { [client, logger] in
            try await Self.messages(
                try await client.query(
                    """
                    \(unescaped: Self.messageSelect)
                    WHERE m.conversation_id = \(conversationID) AND m.id > \(after) AND m.id < \(before)
                    ORDER BY m.id \(unescaped: newestFirst ? "DESC" : "ASC") LIMIT \(limit)
                    """,
                    logger: logger
                )
            )
        }
    }

    public func message(id: Int64) async throws -> Message? {
        try await run { [client, logger] in
            try await Self.messages(
                try await client.query("\(unescaped: Self.messageSelect) WHERE m.id = \(id)", logger: logger)
            ).first
        }
    }

    public func attachment(id: Int64, visibility: Visibility) async throws -> AttachmentFile? {
        let sight = Sight(visibility)
        let sql: PostgresQuery = """
            SELECT a.id, a.name, a.content_type, a.size, a.data, c.id, a.fetch_state, a.fetch_error
            FROM attachments a JOIN messages m ON m.id = a.message_id
            JOIN conversations c ON c.id = m.conversation_id JOIN inboxes i ON i.id = c.inbox_id
            WHERE a.id = \(id) AND c.account_id = \(sight.accountID) AND (NOT \(sight.restricted)
                OR c.assignee_id = \(sight.agentID) OR i.team_id = ANY(\(sight.teamIDs)) OR c.team_id = ANY(\(sight.teamIDs)))
            """
        return try await run { [client, logger] in
            for try await row in try await client.query(sql, logger: logger)
                .decode((Int64, String, String, Int, ByteBuffer, Int64, String, String?).self)
            {
                let info = AttachmentInfo(
                    id: row.0, name: row.1, contentType: row.2, size: row.3,
                    state: AttachmentInfo.State(rawValue: row.6) ?? .ready, error: row.7
                )
                return AttachmentFile(
                    info: info, conversationID: row.5,
                    data: Array(buffer: row.4)
                )
            }
            return nil
        }
    }
}
