import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// Assignment in SQL. Every decision takes the account's assignment lock first and holds it to COMMIT,
/// so the loads it counts include every earlier decision: nobody exceeds capacity, nothing is assigned twice.
enum AssignmentSQL {
    static func lockAccount(_ accountID: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtextextended(\("assign:" + String(accountID)), 11))", logger: logger
        )
    }

    /// The agent who should get the conversation now, or nil when nobody eligible has room.
    static func candidate(conversationID: Int64, on connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        let rows = try await connection.query(
            """
            WITH conv AS (
                SELECT c.id, c.account_id, c.contact_id, c.inbox_id, coalesce(c.team_id, i.team_id) AS team_id,
                       i.assignment_policy AS policy, i.assignment_sticky AS sticky,
                       coalesce(i.default_capacity, 10) AS default_capacity
                FROM conversations c JOIN inboxes i ON i.id = c.inbox_id WHERE c.id = \(conversationID)
            ), candidates AS (
                SELECT a.id, coalesce(a.capacity, conv.default_capacity) AS capacity, a.last_assigned_at,
                       (SELECT count(*) FROM conversations l
                        WHERE l.assignee_id = a.id AND l.status IN ('open', 'pending') AND l.id <> conv.id) AS load
                FROM agents a, conv
                WHERE a.account_id = conv.account_id AND a.availability = 'online'
                  AND (conv.team_id IS NULL OR EXISTS (
                      SELECT 1 FROM team_members tm WHERE tm.team_id = conv.team_id AND tm.agent_id = a.id))
            ), previous AS (
                SELECT m.sender_id AS agent_id FROM messages m JOIN conversations pc ON pc.id = m.conversation_id, conv
                WHERE conv.sticky AND pc.contact_id = conv.contact_id AND pc.inbox_id = conv.inbox_id
                  AND m.sender_type = 'agent' AND NOT m.private
                ORDER BY m.id DESC LIMIT 1
            )
            SELECT cand.id FROM candidates cand, conv
            WHERE conv.policy <> 'off' AND cand.load < cand.capacity
            ORDER BY
                CASE WHEN cand.id = (SELECT agent_id FROM previous) THEN 0 ELSE 1 END,
                CASE WHEN conv.policy = 'least_loaded' THEN cand.load ELSE 0 END,
                cand.last_assigned_at ASC NULLS FIRST, cand.id
            LIMIT 1
            """,
            logger: logger
        )
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    static func give(
        conversationID: Int64, accountID: Int64, to agentID: Int64?, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            UPDATE conversations SET assignee_id = \(agentID), assigned_at = CASE WHEN \(agentID)::bigint IS NULL THEN NULL ELSE now() END,
                updated_at = now()
            WHERE id = \(conversationID)
            """,
            logger: logger
        )
        if let agentID {
            try await connection.query(
                "UPDATE agents SET last_assigned_at = clock_timestamp() WHERE id = \(agentID)", logger: logger
            )
        }
        try await connection.query(
            """
            INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
            VALUES (\(accountID), NULL, 'conversation.auto_assigned', 'conversation', \(conversationID),
                    jsonb_build_object('assignee_id', \(agentID)::bigint))
            """,
            logger: logger
        )
    }
}

extension PostgresIngestTransaction {
    func assign(conversationID: Int64, inbox: Inbox, replacingOffline: Bool) async throws {
        // Most messages land in conversations that already have their agent: settle that without the
        // account-wide lock, which would otherwise serialize every ingest of the account.
        if Self.keeps(try await assignee(conversationID), replacingOffline: replacingOffline) { return }
        try await AssignmentSQL.lockAccount(inbox.accountID, on: connection, logger: logger)
        // Read again under the lock: another process may have assigned it meanwhile.
        let current = try await assignee(conversationID)
        if Self.keeps(current, replacingOffline: replacingOffline) { return }
        let chosen = try await AssignmentSQL.candidate(conversationID: conversationID, on: connection, logger: logger)
        if chosen != current.0 {
            try await AssignmentSQL.give(
                conversationID: conversationID, accountID: inbox.accountID, to: chosen, on: connection, logger: logger
            )
        }
    }

    /// Whether the current agent stays: there is one, and (when offline agents are being replaced) online.
    static func keeps(_ current: (Int64?, String?), replacingOffline: Bool) -> Bool {
        current.0 != nil && (!replacingOffline || current.1 == Availability.online.rawValue)
    }

    /// The conversation's agent and their availability.
    func assignee(_ conversationID: Int64) async throws -> (Int64?, String?) {
        for try await row in try await connection.query(
            """
            SELECT c.assignee_id, a.availability FROM conversations c LEFT JOIN agents a ON a.id = c.assignee_id
            WHERE c.id = \(conversationID)
            """,
            logger: logger
        ).decode((Int64?, String?).self) {
            return row
        }
        return (nil, nil)
    }
}

extension PostgresStore: AssignmentStore {
    public func requeueAfterGoingOffline(agentID: Int64, accountID: Int64) async throws -> Int {
        try await transaction { [logger] connection in
            try await AssignmentSQL.lockAccount(accountID, on: connection, logger: logger)
            var requeued: [Int64] = []
            for try await id in try await connection.query(
                """
                UPDATE conversations c SET assignee_id = NULL, assigned_at = NULL, updated_at = now()
                FROM inboxes i
                WHERE i.id = c.inbox_id AND c.account_id = \(accountID) AND c.assignee_id = \(agentID)
                  AND c.status IN ('open', 'pending') AND i.requeue_after_minutes IS NOT NULL
                  AND NOT EXISTS (
                      SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.sender_type = 'agent' AND NOT m.private
                        AND m.created_at > now() - make_interval(mins => i.requeue_after_minutes))
                RETURNING c.id
                """,
                logger: logger
            ).decode(Int64.self) {
                requeued.append(id)
            }
            for id in requeued {
                try await connection.query(
                    """
                    INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
                    VALUES (\(accountID), NULL, 'conversation.requeued', 'conversation', \(id),
                            jsonb_build_object('previous_assignee_id', \(agentID)::bigint, 'reason', 'agent went offline'))
                    """,
                    logger: logger
                )
            }
            return requeued.count
        }
    }

    public func accountsWithWaitingConversations() async throws -> [Int64] {
        try await run { [client, logger] in
            var accounts: [Int64] = []
            for try await id in try await client.query(
                """
                SELECT DISTINCT c.account_id FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
                WHERE c.assignee_id IS NULL AND c.status IN ('open', 'pending')
                  AND i.assignment_policy <> 'off' AND i.deleted_at IS NULL
                """,
                logger: logger
            ).decode(Int64.self) {
                accounts.append(id)
            }
            return accounts
        }
    }

    public func assignWaiting(accountID: Int64) async throws -> Int {
        try await transaction { [logger] connection in
            try await AssignmentSQL.lockAccount(accountID, on: connection, logger: logger)
            var waiting: [Int64] = []
            // Conversations an ingest is writing right now are skipped (that ingest assigns them itself).
            for try await id in try await connection.query(
                """
                SELECT c.id FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
                WHERE c.account_id = \(accountID) AND c.assignee_id IS NULL AND c.status IN ('open', 'pending')
                  AND i.assignment_policy <> 'off' AND i.deleted_at IS NULL
                ORDER BY CASE c.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, c.created_at, c.id
                LIMIT 500
                FOR UPDATE OF c SKIP LOCKED
                """,
                logger: logger
            ).decode(Int64.self) {
                waiting.append(id)
            }
            var assigned = 0
            for id in waiting {
                if let agent = try await AssignmentSQL.candidate(conversationID: id, on: connection, logger: logger) {
                    try await AssignmentSQL.give(conversationID: id, accountID: accountID, to: agent, on: connection, logger: logger)
                    assigned += 1
                }
            }
            return assigned
        }
    }
}
