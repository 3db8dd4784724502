import Foundation
import PostgresNIO
import SwitchboardCore

/// The sizes of a list's tabs and each agent's read marks (sql/0140).
extension PostgresStore {
    /// `select` (which joins conversations c, their contacts ct and inboxes i) of the conversations the viewer
    /// may see that match the filter; the list and its tab counts share it. `select` and `orderBy` are fixed SQL.
    /// `matches`, when the search term's matches were collected first (``searchMatches(_:accountID:)``), stands
    /// for the term: the conversations whose messages, contact name or subject contain it.
    static func filteredConversations(
        select: String, _ filter: ConversationFilter, _ sight: Sight, orderBy: String, limit: Int?,
        matches: [Int64]? = nil
    ) -> PostgresQuery {
        let assigneeMode: String
        var assigneeID: Int64?
        switch filter.assignee {
        case .any: assigneeMode = "any"
        case .none: assigneeMode = "none"
        case .agent(let id):
            assigneeMode = "id"
            assigneeID = id
        }
        let pattern = matches == nil ? filter.query.map { "%" + escapeLike($0) + "%" } : nil
        return """
            \(unescaped: select)
            WHERE c.account_id = \(sight.accountID) AND (NOT \(sight.restricted) OR c.assignee_id = \(sight.agentID)
                OR i.team_id = ANY(\(sight.teamIDs)) OR c.team_id = ANY(\(sight.teamIDs)))
             AND (\(filter.status?.rawValue)::text IS NULL OR c.status = \(filter.status?.rawValue))
             AND (\(assigneeMode) = 'any' OR (\(assigneeMode) = 'none' AND c.assignee_id IS NULL)
                  OR (\(assigneeMode) = 'id' AND c.assignee_id = \(assigneeID)))
             AND (\(filter.inboxID)::bigint IS NULL OR c.inbox_id = \(filter.inboxID))
             AND (\(filter.teamID)::bigint IS NULL OR c.team_id = \(filter.teamID))
             AND (\(filter.channel?.rawValue)::text IS NULL OR i.channel_kind = \(filter.channel?.rawValue))
             AND (\(filter.category)::text IS NULL OR lower(c.category) = lower(\(filter.category))
                  OR starts_with(lower(c.category), lower(\(filter.category)) || '/'))
             AND (\(filter.contactID)::bigint IS NULL OR c.contact_id = \(filter.contactID))
             AND (\(filter.label)::text IS NULL OR \(filter.label) = ANY(c.labels))
             AND (\(filter.beforeID)::bigint IS NULL OR c.id < \(filter.beforeID))
             AND (\(pattern)::text IS NULL OR ct.name ILIKE \(pattern) OR c.subject ILIKE \(pattern)
                  OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.content ILIKE \(pattern)))
             AND (\(matches)::bigint[] IS NULL OR c.id = ANY(\(matches)))
            \(unescaped: orderBy) LIMIT \(limit)
            """
    }

    /// The most rows (messages, subjects and names) that ``searchMatches(_:accountID:)`` collects; a term found
    /// more often than this is common, and the newest-first walk finds a page of it quickly.
    static let searchMatchLimit = 1_000

    /// The ids of the account's conversations whose messages, contact name or subject contain `query`, read from
    /// the trigram indexes of sql/0170 — or nil when the walk is the better plan: no query, a term without three
    /// letters or digits in a row (it has no trigram to look up), or a common term: one PostgreSQL's statistics
    /// expect in more than ``searchMatchLimit`` messages, or found more often than that.
    ///
    /// The estimate comes first because the index is slow for a common term: it reads every match before the
    /// first row (a word in one message of seven, at 1,000,000 messages: 140 ms), where the walk finds a page
    /// of it in a few milliseconds. Either way the answer is the same; only its cost differs.
    func searchMatches(_ query: String?, accountID: Int64) async throws -> [Int64]? {
        guard let query, query.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains(where: { $0.count >= 3 })
        else { return nil }
        let pattern = "%" + Self.escapeLike(query) + "%"
        let estimate: PostgresQuery = """
            EXPLAIN SELECT 1 FROM messages m WHERE m.account_id = \(accountID) AND m.content ILIKE \(pattern)
            """
        let sql: PostgresQuery = """
            SELECT id FROM (
                SELECT m.conversation_id AS id FROM messages m WHERE m.account_id = \(accountID) AND m.content ILIKE \(pattern)
                UNION ALL
                SELECT c.id FROM conversations c WHERE c.account_id = \(accountID) AND c.subject ILIKE \(pattern)
                UNION ALL
                SELECT c.id FROM contacts ct JOIN conversations c ON c.contact_id = ct.id
                WHERE ct.account_id = \(accountID) AND ct.name ILIKE \(pattern)
            ) hits LIMIT \(Self.searchMatchLimit + 1)
            """
        return try await run { [client, logger] in
            for try await line in try await client.query(estimate, logger: logger).decode(String.self) {
                // The first line is the scan of messages: "… (cost=… rows=N width=…)".
                let expected = line.split(separator: " ").first { $0.hasPrefix("rows=") }.flatMap { Int($0.dropFirst(5)) }
                if let expected, expected > Self.searchMatchLimit { return nil }
                break
            }
            var ids = Set<Int64>()
            var rows = 0
            for try await id in try await client.query(sql, logger: logger).decode(Int64.self) {
                ids.insert(id)
                rows += 1
            }
            return rows > Self.searchMatchLimit ? nil : Array(ids)
        }
    }

    public func conversationCounts(_ filter: ConversationFilter, agentID: Int64, visibility: Visibility) async throws
        -> ConversationCounts
    {
        var tabs = filter
        tabs.assignee = .any
        tabs.beforeID = nil
        // The agent's id is an integer, written into the fixed SQL text. Every conversation has its contact;
        // joined as LEFT JOIN, PostgreSQL leaves the contacts out when no search term needs their names (at
        // 200,000 conversations the count of every status went from 355 to 125 ms, on two busy cores).
        let matches = try await searchMatches(filter.query, accountID: visibility.accountID)
        let sql = Self.filteredConversations(
            select: """
                SELECT count(*) FILTER (WHERE c.assignee_id = \(agentID)), count(*) FILTER (WHERE c.assignee_id IS NULL), count(*)
                FROM conversations c LEFT JOIN contacts ct ON ct.id = c.contact_id JOIN inboxes i ON i.id = c.inbox_id
                """,
            tabs, Sight(visibility), orderBy: "", limit: nil, matches: matches
        )
        return try await run { [client, logger] in
            for try await (mine, unassigned, all) in try await client.query(sql, logger: logger).decode((Int, Int, Int).self) {
                return ConversationCounts(mine: mine, unassigned: unassigned, all: all)
            }
            return ConversationCounts(mine: 0, unassigned: 0, all: 0)
        }
    }

    public func markSeen(conversationID: Int64, accountID: Int64, agentID: Int64) async throws {
        try await run { [client, logger] in
            _ = try await client.query(
                """
                INSERT INTO conversation_reads (account_id, agent_id, conversation_id, last_message_id)
                SELECT c.account_id, \(agentID), c.id, coalesce((SELECT max(m.id) FROM messages m WHERE m.conversation_id = c.id), 0)
                FROM conversations c WHERE c.id = \(conversationID) AND c.account_id = \(accountID)
                ON CONFLICT (account_id, agent_id, conversation_id) DO UPDATE
                SET last_message_id = greatest(conversation_reads.last_message_id, EXCLUDED.last_message_id), seen_at = now()
                """,
                logger: logger
            )
        }
    }

    public func unreadConversationIDs(_ ids: [Int64], agentID: Int64) async throws -> Set<Int64> {
        if ids.isEmpty { return [] }
        return try await run { [client, logger] in
            var unread = Set<Int64>()
            let rows = try await client.query(
                """
                SELECT c.id FROM conversations c
                LEFT JOIN conversation_reads r
                    ON r.account_id = c.account_id AND r.agent_id = \(agentID) AND r.conversation_id = c.id
                WHERE c.id = ANY(\(ids)) AND EXISTS (
                    SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in'
                      AND m.id > coalesce(r.last_message_id, 0))
                """,
                logger: logger
            )
            for try await id in rows.decode(Int64.self) { unread.insert(id) }
            return unread
        }
    }
}
