import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// The export's rows, one page at a time (keyset by id), so an export of any size holds one page in memory.
extension PostgresStore {
    public func auditExport(accountID: Int64, actorID: Int64, data: [String: JSONValue]) async throws {
        try await run { [client, logger] in
            try await client.query(
                """
                INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
                VALUES (\(accountID), \(actorID), 'export.created', 'export', NULL, \(Self.encodeJSON(data))::jsonb)
                """,
                logger: logger
            )
        }
    }

    public func exportPage(_ query: ReportQuery, afterID: Int64, limit: Int) async throws -> [ExportRow] {
        var bindings = ReportSQL.bindings(query)
        bindings.append(afterID)
        bindings.append(limit)
        func span(_ start: String, _ end: String) -> String {
            ReportSQL.span(start, end, businessHours: query.businessHours)
        }
        let sql = """
            WITH \(ReportSQL.bounds)
            SELECT c.id, c.created_at, c.resolved_at, c.status, i.name AS inbox, i.channel_kind,
                   coalesce(nullif(ct.name, ''), 'Anonymous #' || ct.id) AS contact,
                   nullif(split_part(c.category, '/', 1), '') AS category,
                   nullif(substr(c.category, strpos(c.category, '/') + 1), c.category) AS subcategory,
                   c.labels, c.priority, t.name AS team, a.name AS assignee,
                   (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in')::int AS messages_in,
                   (SELECT count(*) FROM messages m
                    WHERE m.conversation_id = c.id AND m.direction = 'out' AND NOT m.private)::int AS messages_out,
                   CASE WHEN c.first_response_at IS NOT NULL THEN (\(span(ReportSQL.humanStart, "c.first_response_at")))::float8
                   END AS first_response,
                   CASE WHEN c.resolved_at IS NOT NULL THEN (\(span("coalesce(c.reopened_at, c.created_at)", "c.resolved_at")))::float8
                   END AS resolution,
                   CASE WHEN c.first_assigned_at IS NOT NULL THEN (\(span("c.created_at", "c.first_assigned_at")))::float8 END AS wait,
                   coalesce(c.first_human_reply_at, now()) > c.created_at + make_interval(mins => b.missed_after) AS missed,
                   c.csat_rating::int AS csat_rating, c.csat_comment
            FROM conversations c JOIN inboxes i ON i.id = c.inbox_id JOIN contacts ct ON ct.id = c.contact_id
                 LEFT JOIN teams t ON t.id = c.team_id LEFT JOIN agents a ON a.id = c.assignee_id CROSS JOIN b
            WHERE \(ReportSQL.filter) AND c.created_at >= b.lo AND c.created_at < b.hi AND c.id > $10
            ORDER BY c.id LIMIT $11
            """
        return try await reportRows(sql, bindings).map { row in
            let cells = row.makeRandomAccess()
            return ExportRow(
                id: try cells["id"].decode(Int64.self),
                createdAt: try cells["created_at"].decode(Date.self),
                resolvedAt: try cells["resolved_at"].decode(Date?.self),
                status: ConversationStatus(rawValue: try cells["status"].decode(String.self)) ?? .open,
                inbox: try cells["inbox"].decode(String.self),
                channel: try cells["channel_kind"].decode(String.self),
                contact: try cells["contact"].decode(String.self),
                category: try cells["category"].decode(String?.self),
                subcategory: try cells["subcategory"].decode(String?.self),
                labels: try cells["labels"].decode([String].self),
                priority: Priority(rawValue: try cells["priority"].decode(String.self)) ?? .none,
                team: try cells["team"].decode(String?.self),
                assignee: try cells["assignee"].decode(String?.self),
                messagesIn: try cells["messages_in"].decode(Int.self),
                messagesOut: try cells["messages_out"].decode(Int.self),
                firstResponseSeconds: try cells["first_response"].decode(Double?.self),
                resolutionSeconds: try cells["resolution"].decode(Double?.self),
                waitSeconds: try cells["wait"].decode(Double?.self),
                missed: try cells["missed"].decode(Bool.self),
                csatRating: try cells["csat_rating"].decode(Int?.self),
                csatComment: try cells["csat_comment"].decode(String?.self)
            )
        }
    }
}
