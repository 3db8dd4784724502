import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

extension PostgresStore: AccountStore {
    static let accountColumns = "a.id, a.name, a.time_zone, a.default_language, a.auto_resolve_idle_minutes, a.missed_after_minutes, a.created_at, a.retention_conversations_days, a.retention_attachments_days, a.retention_audit_days"

    static func accounts(_ rows: PostgresRowSequence) async throws -> [Account] {
        var list: [Account] = []
        for try await row in rows.decode((Int64, String, String, String?, Int?, Int, Date, Int?, Int?, Int?).self) {
            list.append(
                Account(
                    id: row.0, name: row.1, timeZone: row.2, defaultLanguage: row.3, autoResolveIdleMinutes: row.4,
                    missedAfterMinutes: row.5,
                    retention: RetentionSettings(conversationsDays: row.7, attachmentsDays: row.8, auditDays: row.9),
                    createdAt: row.6
                )
            )
        }
        return list
    }

    public func account(id: Int64) async throws -> Account? {
        try await run { [client, logger] in
            try await Self.accounts(
                try await client.query("SELECT \(unescaped: Self.accountColumns) FROM accounts a WHERE a.id = \(id)", logger: logger)
            ).first
        }
    }

    public func updateAccount(id: Int64, _ change: AccountChange) async throws -> Account? {
        try await run { [client, logger] in
            try await Self.accounts(
                try await client.query(
                    """
                    UPDATE accounts AS a SET
                        name = coalesce(\(change.name), a.name),
                        time_zone = coalesce(\(change.timeZone), a.time_zone),
                        default_language = CASE WHEN \(change.defaultLanguage != nil)
                            THEN \(change.defaultLanguage ?? nil) ELSE a.default_language END,
                        auto_resolve_idle_minutes = CASE WHEN \(change.autoResolveIdleMinutes != nil)
                            THEN \(change.autoResolveIdleMinutes ?? nil) ELSE a.auto_resolve_idle_minutes END,
                        missed_after_minutes = coalesce(\(change.missedAfterMinutes), a.missed_after_minutes),
                        retention_conversations_days = CASE WHEN \(change.retention != nil)
                            THEN \(change.retention?.conversationsDays) ELSE a.retention_conversations_days END,
                        retention_attachments_days = CASE WHEN \(change.retention != nil)
                            THEN \(change.retention?.attachmentsDays) ELSE a.retention_attachments_days END,
                        retention_audit_days = CASE WHEN \(change.retention != nil)
                            THEN \(change.retention?.auditDays) ELSE a.retention_audit_days END
                    WHERE a.id = \(id)
                    RETURNING \(unescaped: Self.accountColumns)
                    """,
                    logger: logger
                )
            ).first
        }
    }

    public func resolveIdleConversations(now: Date, limit: Int) async throws -> [Int64] {
        try await transaction { [logger] connection in
            // Locked rows are being written to (a reply, an ingest): skipped now, looked at next round.
            var resolved: [(Int64, Int64)] = []
            for try await row in try await connection.query(
                """
                WITH idle AS (
                    SELECT c.id FROM conversations c
                    JOIN accounts a ON a.id = c.account_id
                    JOIN messages last ON last.id = c.last_message_id
                    WHERE a.auto_resolve_idle_minutes IS NOT NULL AND c.status IN ('open', 'pending')
                      AND last.created_at <= \(now) - make_interval(mins => a.auto_resolve_idle_minutes)
                      AND NOT EXISTS (
                          SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in'
                            AND m.id > coalesce((SELECT max(r.id) FROM messages r
                                                 WHERE r.conversation_id = c.id AND r.sender_type = 'agent' AND NOT r.private), 0))
                    ORDER BY c.id LIMIT \(limit)
                    FOR UPDATE OF c SKIP LOCKED
                )
                UPDATE conversations c SET status = 'resolved', resolved_at = now(), snoozed_until = NULL, updated_at = now()
                FROM idle WHERE c.id = idle.id
                RETURNING c.id, c.account_id
                """,
                logger: logger
            ).decode((Int64, Int64).self) {
                resolved.append(row)
            }
            guard !resolved.isEmpty else { return [] }
            let ids = resolved.map(\.0)
            try await Self.queueFarewell(conversationIDs: ids, on: connection, logger: logger)
            try await connection.query(
                """
                INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
                SELECT account_id, NULL, 'conversation.auto_resolved', 'conversation', id, '{"reason":"idle"}'
                FROM conversations WHERE id = ANY(\(ids))
                """,
                logger: logger
            )
            return resolved.map(\.1)
        }
    }
}
