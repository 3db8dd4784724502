import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// Assignment in SQL. The agent is chosen and locked in one statement: `agents.open_assigned` (kept by
/// a trigger on conversations, see sql/0030) is checked on the locked row, and PostgreSQL re-reads a
/// row that changed while it waited for it, so nobody exceeds capacity and nothing is assigned twice.
///
/// Ingests take agents with `SKIP LOCKED`: concurrent first messages spread over the team instead of
/// queueing behind one another. The account's assignment lock remains for the rare paths — an ingest
/// that finds nobody free, draining the queue, requeueing — so that a conversation left waiting is
/// always seen by the drain that follows any capacity appearing: whoever leaves one waiting holds the
/// lock until COMMIT, and every drain takes it.
enum AssignmentSQL {
    /// How the statement treats an agent another transaction is assigning to right now.
    enum Locking {
        /// Passes over them to the next agent with room: no waiting on the hot path. Fairness and
        /// stickiness yield to that: an agent locked at that instant is passed over this once.
        case skipLocked
        /// Waits for them and checks their room again once they are free.
        case wait

        var clause: String {
            switch self {
            case .skipLocked: "FOR UPDATE OF a SKIP LOCKED"
            case .wait: "FOR UPDATE OF a"
            }
        }
    }

    static func lockAccount(_ accountID: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(\("assign:" + String(accountID)), 11))", logger: logger
        )
    }

    /// Gives the conversation to the eligible online agent with room whom the inbox's policy prefers
    /// (sticky first, then fewest open for least-loaded, then longest since their last assignment),
    /// records it, and returns the agent; nil when nobody could take it. One round trip, planned once
    /// per connection (planning this statement took longer than running it).
    static func giveToNext(
        conversationID: Int64, locking: Locking, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64? {
        var bindings = PostgresBindings()
        bindings.append(conversationID)
        // Read to the end: the statement's CTEs finish after its row is sent, and an error of theirs
        // (a deadlock in the load trigger) must fail this call, not a later statement of the transaction.
        let rows = switch locking {
        case .skipLocked: try await connection.rows(GiveToNextSkippingLocked.self, bindings, logger: logger)
        case .wait: try await connection.rows(GiveToNextWaiting.self, bindings, logger: logger)
        }
        return try rows.first?.decode(Int64.self)
    }

    enum GiveToNextSkippingLocked: PreparedSQL { static let sql = giveToNextSQL(.skipLocked) }
    enum GiveToNextWaiting: PreparedSQL { static let sql = giveToNextSQL(.wait) }

    /// The statement of `giveToNext`; `$1` is the conversation.
    static func giveToNextSQL(_ locking: Locking) -> String {
        """
        WITH conv AS (
            SELECT c.account_id, c.contact_id, c.inbox_id, coalesce(c.team_id, i.team_id) AS team_id,
                   i.assignment_policy AS policy, i.assignment_sticky AS sticky,
                   coalesce(i.default_capacity, 10) AS default_capacity
            FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
            WHERE c.id = $1 AND i.assignment_policy <> 'off'
        ), previous AS (
            -- A one-time filter: without sticky, no message is read at all.
            SELECT m.sender_id AS agent_id FROM messages m JOIN conversations pc ON pc.id = m.conversation_id
            WHERE (SELECT sticky FROM conv) AND pc.contact_id = (SELECT contact_id FROM conv)
              AND pc.inbox_id = (SELECT inbox_id FROM conv) AND m.sender_type = 'agent' AND NOT m.private
            ORDER BY m.id DESC LIMIT 1
        ), chosen AS (
            UPDATE agents SET last_assigned_at = clock_timestamp()
            WHERE id = (
                SELECT a.id FROM agents a
                WHERE a.account_id = (SELECT account_id FROM conv) AND a.availability = 'online' AND a.active
                  AND a.open_assigned < coalesce(a.capacity, (SELECT default_capacity FROM conv))
                  AND ((SELECT team_id FROM conv) IS NULL OR a.id IN (
                      SELECT tm.agent_id FROM team_members tm WHERE tm.team_id = (SELECT team_id FROM conv)))
                ORDER BY
                    a.id IS DISTINCT FROM (SELECT agent_id FROM previous),
                    CASE WHEN (SELECT policy FROM conv) = 'least_loaded' THEN a.open_assigned ELSE 0 END,
                    a.last_assigned_at ASC NULLS FIRST, a.id
                LIMIT 1
                \(locking.clause)
            )
            RETURNING id
        ), given AS (
            UPDATE conversations c SET assignee_id = chosen.id, assigned_at = now(), updated_at = now()
            FROM chosen WHERE c.id = $1
            RETURNING c.account_id, chosen.id AS agent_id
        ), audited AS (
            INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
            SELECT account_id, NULL, 'conversation.auto_assigned', 'conversation', $1,
                   jsonb_build_object('assignee_id', agent_id)
            FROM given
        )
        SELECT agent_id FROM given
        """
    }

    /// Takes the conversation away from its (offline) agent: it waits in the queue.
    static func release(conversationID: Int64, accountID: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            WITH released AS (
                UPDATE conversations SET assignee_id = NULL, assigned_at = NULL, updated_at = now()
                WHERE id = \(conversationID) RETURNING id
            )
            INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
            SELECT \(accountID), NULL, 'conversation.auto_assigned', 'conversation', id,
                   jsonb_build_object('assignee_id', NULL::bigint)
            FROM released
            """,
            logger: logger
        )
    }
}

extension PostgresIngestTransaction {
    func assign(conversationID: Int64, inbox: Inbox, replacingOffline: Bool, knownUnassigned: Bool) async throws {
        // The conversation's row is locked by this transaction (found FOR UPDATE, or just inserted), so
        // what is read here stays true until COMMIT.
        let current = knownUnassigned ? (nil, nil) : try await assignee(conversationID)
        if Self.keeps(current, replacingOffline: replacingOffline) { return }
        if try await AssignmentSQL.giveToNext(
            conversationID: conversationID, locking: .skipLocked, on: connection, logger: logger
        ) != nil {
            return
        }
        // Nobody free: everyone with room is being given a conversation right now (their rows stay
        // locked until those transactions commit), or nobody has room. Wait for the busy ones first,
        // without the account lock, so a burst of first messages waits in parallel on the agents rather
        // than in a line on the lock; room is checked again on the row once it is free.
        if try await AssignmentSQL.giveToNext(
            conversationID: conversationID, locking: .wait, on: connection, logger: logger
        ) != nil {
            return
        }
        // Nobody has room. Under the account lock, look once more; if the conversation still has to
        // wait, the lock held to COMMIT makes the next drain see it.
        try await AssignmentSQL.lockAccount(inbox.accountID, on: connection, logger: logger)
        if try await AssignmentSQL.giveToNext(
            conversationID: conversationID, locking: .wait, on: connection, logger: logger
        ) != nil {
            return
        }
        if current.0 != nil {
            try await AssignmentSQL.release(
                conversationID: conversationID, accountID: inbox.accountID, on: connection, logger: logger
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
                WHERE c.assignee_id IS NULL AND c.status IN ('open', 'pending') AND coalesce(c.intake ->> 'state', '') <> 'running'
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
                  AND coalesce(c.intake ->> 'state', '') <> 'running'
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
                if try await AssignmentSQL.giveToNext(conversationID: id, locking: .wait, on: connection, logger: logger) != nil {
                    assigned += 1
                }
            }
            return assigned
        }
    }
}
