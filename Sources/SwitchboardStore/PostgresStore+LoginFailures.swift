import Foundation
import PostgresNIO
import SwitchboardCore

/// Failed sign-ins in PostgreSQL, so every `serve` process counts the same attempts.
extension PostgresStore {
    public func loginLockedUntil(
        email: String, address: String?, emailFailures: Int, addressFailures: Int, window: Duration
    ) async throws -> Date? {
        let seconds = Double(window.components.seconds)
        let emailSkip = max(emailFailures - 1, 0)
        let addressSkip = max(addressFailures - 1, 0)
        return try await run { [client, logger] in
            // The failure that completed the count: the lock lasts until it leaves the window.
            let rows = try await client.query(
                """
                SELECT max(failed_at) + make_interval(secs => \(seconds)) FROM (
                    (SELECT failed_at FROM login_failures
                     WHERE email = lower(\(email)) AND failed_at > now() - make_interval(secs => \(seconds))
                     ORDER BY failed_at DESC OFFSET \(emailSkip) LIMIT 1)
                    UNION ALL
                    (SELECT failed_at FROM login_failures
                     WHERE \(address)::text IS NOT NULL AND address = \(address)
                       AND failed_at > now() - make_interval(secs => \(seconds))
                     ORDER BY failed_at DESC OFFSET \(addressSkip) LIMIT 1)
                ) AS completing
                """,
                logger: logger
            )
            for try await until in rows.decode(Date?.self) { return until }
            return nil
        }
    }

    public func recordLoginFailure(email: String, address: String?, agentID: Int64?) async throws {
        try await run { [client, logger] in
            try await client.query(
                """
                WITH pruned AS (DELETE FROM login_failures WHERE failed_at < now() - interval '1 day'),
                recorded AS (INSERT INTO login_failures (email, address) VALUES (lower(\(email)), \(address)))
                INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data, ip)
                SELECT a.account_id, NULL, 'auth.login_failed', 'agent', a.id, jsonb_build_object('address', \(address)::text),
                       \(address)::text
                FROM agents a WHERE a.id = \(agentID)
                """,
                logger: logger
            )
        }
    }

    public func clearLoginFailures(email: String) async throws {
        try await run { [client, logger] in
            try await client.query("DELETE FROM login_failures WHERE email = lower(\(email))", logger: logger)
        }
    }
}
