import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// The SQL of a conversation's change, on the connection of its transaction: the state (locked) and the
/// change itself.
extension PostgresStore {
    static let stateColumns = "status, assignee_id, team_id, priority, labels, category"
    typealias StateRow = (String, Int64?, Int64?, String, [String], String?)

    static func state(_ row: StateRow) -> ConversationState {
        ConversationState(
            status: ConversationStatus(rawValue: row.0) ?? .open, assigneeID: row.1, teamID: row.2,
            priority: Priority(rawValue: row.3) ?? .none, labels: row.4, category: row.5
        )
    }

    /// Applies the change (the conversation is locked and exists); returns the state after it.
    static func apply(
        _ change: ConversationChange, to id: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> ConversationState {
        let status = change.status?.rawValue
        let snoozeGiven = change.snoozedUntil != nil
        let snoozedUntil: Date? = change.snoozedUntil ?? nil
        for try await row in try await connection.query(
            """
            UPDATE conversations SET
                status = coalesce(\(status), status),
                assignee_id = CASE WHEN \(change.assigneeID != nil) THEN \(change.assigneeID ?? nil) ELSE assignee_id END,
                assigned_at = CASE WHEN \(change.assigneeID != nil) AND \(change.assigneeID ?? nil)::bigint IS NOT NULL
                    THEN now() WHEN \(change.assigneeID != nil) THEN NULL ELSE assigned_at END,
                team_id = CASE WHEN \(change.teamID != nil) THEN \(change.teamID ?? nil) ELSE team_id END,
                priority = coalesce(\(change.priority?.rawValue), priority),
                labels = coalesce(\(change.labels), labels),
                category = CASE WHEN \(change.category != nil) THEN \(change.category ?? nil) ELSE category END,
                snoozed_until = CASE
                    WHEN \(snoozeGiven) THEN \(snoozedUntil)
                    WHEN coalesce(\(status), status) <> 'snoozed' THEN NULL
                    ELSE snoozed_until END,
                resolved_at = CASE WHEN \(status) = 'resolved' AND status <> 'resolved' THEN now()
                    WHEN \(status)::text IS NOT NULL AND \(status) <> 'resolved' THEN NULL ELSE resolved_at END,
                updated_at = now()
            WHERE id = \(id)
            RETURNING \(unescaped: stateColumns)
            """,
            logger: logger
        ).decode(StateRow.self) {
            return state(row)
        }
        throw SwitchboardError.storeUnavailable
    }
}
