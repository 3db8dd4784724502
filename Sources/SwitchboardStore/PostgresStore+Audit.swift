import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: AuditStore {
    public func recordAudit(
        accountID: Int64, actorID: Int64?, action: String, subjectType: String, subjectID: Int64?,
        data: [String: JSONValue], ip: String?
    ) async throws {
        _ = try await run { [client, logger] in
            try await client.query(
                """
                INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data, ip)
                VALUES (\(accountID), \(actorID), \(action), \(subjectType), \(subjectID), \(Self.encodeJSON(data))::jsonb, \(ip))
                """,
                logger: logger
            )
        }
    }

    public func recordView(accountID: Int64, agentID: Int64, conversationID: Int64, ip: String?, window: Duration) async throws {
        let seconds = Double(window.components.seconds)
        _ = try await run { [client, logger] in
            try await client.query(
                """
                INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, ip)
                SELECT \(accountID), \(agentID), 'conversation.viewed', 'conversation', \(conversationID), \(ip)
                WHERE NOT EXISTS (
                    SELECT 1 FROM audit_events WHERE account_id = \(accountID) AND subject_type = 'conversation'
                      AND subject_id = \(conversationID) AND action = 'conversation.viewed' AND actor_id = \(agentID)
                      AND created_at > now() - make_interval(secs => \(seconds)))
                """,
                logger: logger
            )
        }
    }

    public func auditRecords(accountID: Int64, _ filter: AuditFilter) async throws -> [AuditRecord] {
        try await run { [client, logger] in
            var list: [AuditRecord] = []
            for try await row in try await client.query(
                """
                SELECT e.id, e.actor_id, a.name, e.action, e.subject_type, e.subject_id, e.data::text, e.ip, e.created_at
                FROM audit_events e LEFT JOIN agents a ON a.id = e.actor_id
                WHERE e.account_id = \(accountID)
                  AND (\(filter.actorID)::bigint IS NULL OR e.actor_id = \(filter.actorID))
                  AND (\(filter.action)::text IS NULL OR e.action = \(filter.action))
                  AND (\(filter.subjectType)::text IS NULL OR e.subject_type = \(filter.subjectType))
                  AND (\(filter.subjectID)::bigint IS NULL OR e.subject_id = \(filter.subjectID))
                  AND (\(filter.from)::timestamptz IS NULL OR e.created_at >= \(filter.from))
                  AND (\(filter.to)::timestamptz IS NULL OR e.created_at < \(filter.to))
                  AND (\(filter.beforeID)::bigint IS NULL OR e.id < \(filter.beforeID))
                ORDER BY e.id DESC LIMIT \(filter.limit)
                """,
                logger: logger
            ).decode((Int64, Int64?, String?, String, String, Int64?, String, String?, Date).self) {
                list.append(
                    AuditRecord(
                        id: row.0, actorID: row.1, actorName: row.2, action: row.3, subjectType: row.4, subjectID: row.5,
                        data: Self.decodeJSON(row.6), ip: row.7, createdAt: row.8
                    )
                )
            }
            return list
        }
    }
}
