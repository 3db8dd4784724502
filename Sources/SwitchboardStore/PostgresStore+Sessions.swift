import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: SessionStore {
    public func openSession(agentID: Int64, tokenHash: [UInt8], address: String?, idle: Duration) async throws {
        let seconds = Double(idle.components.seconds)
        try await run { [client, logger] in
            try await client.query(
                """
                WITH pruned AS (DELETE FROM sessions WHERE last_seen_at < now() - make_interval(secs => \(seconds)))
                INSERT INTO sessions (account_id, agent_id, token_hash, address)
                SELECT account_id, id, \(ByteBuffer(bytes: tokenHash)), \(address) FROM agents WHERE id = \(agentID)
                """,
                logger: logger
            )
        }
    }

    public func sessionPrincipal(tokenHash: [UInt8], idle: Duration) async throws -> Principal? {
        let seconds = Double(idle.components.seconds)
        return try await run { [client, logger] in
            try await Self.principal(
                client.query(
                    """
                    WITH live AS (
                        SELECT id, agent_id, last_seen_at FROM sessions
                        WHERE token_hash = \(ByteBuffer(bytes: tokenHash))
                          AND last_seen_at > now() - make_interval(secs => \(seconds))
                    ), touched AS (
                        UPDATE sessions s SET last_seen_at = now() FROM live
                        WHERE s.id = live.id AND live.last_seen_at < now() - interval '1 minute'
                    )
                    SELECT \(unescaped: Self.principalColumns)
                    FROM live JOIN agents a ON a.id = live.agent_id AND a.active
                    """,
                    logger: logger
                )
            )
        }
    }

    @discardableResult
    public func closeSession(tokenHash: [UInt8]) async throws -> Bool {
        try await run { [client, logger] in
            let rows = try await client.query(
                "DELETE FROM sessions WHERE token_hash = \(ByteBuffer(bytes: tokenHash)) RETURNING id", logger: logger
            )
            for try await _ in rows.decode(Int64.self) { return true }
            return false
        }
    }

    public func sessions(agentID: Int64, accountID: Int64, idle: Duration, currentTokenHash: [UInt8]?) async throws -> [SessionInfo] {
        let seconds = Double(idle.components.seconds)
        let current = currentTokenHash.map { ByteBuffer(bytes: $0) }
        return try await run { [client, logger] in
            let rows = try await client.query(
                """
                SELECT id, address, created_at, last_seen_at, coalesce(token_hash = \(current), false) FROM sessions
                WHERE agent_id = \(agentID) AND account_id = \(accountID)
                  AND last_seen_at > now() - make_interval(secs => \(seconds))
                ORDER BY last_seen_at DESC, id DESC LIMIT 200
                """,
                logger: logger
            )
            var sessions: [SessionInfo] = []
            for try await (id, address, created, seen, isCurrent) in rows.decode((Int64, String?, Date, Date, Bool).self) {
                sessions.append(SessionInfo(id: id, address: address, createdAt: created, lastSeenAt: seen, current: isCurrent))
            }
            return sessions
        }
    }

    public func closeSession(id: Int64, agentID: Int64, accountID: Int64) async throws -> Bool {
        try await run { [client, logger] in
            let rows = try await client.query(
                "DELETE FROM sessions WHERE id = \(id) AND agent_id = \(agentID) AND account_id = \(accountID) RETURNING id",
                logger: logger
            )
            for try await _ in rows.decode(Int64.self) { return true }
            return false
        }
    }
}
