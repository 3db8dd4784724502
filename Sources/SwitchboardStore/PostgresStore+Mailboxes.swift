import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: MailboxStore {
    public func mailboxInboxes(kind: ChannelKind) async throws -> [Inbox] {
        try await run { [client, logger, secrets] in
            try await Self.inboxes(
                try await client.query(
                    """
                    SELECT \(unescaped: Self.inboxColumns) FROM inboxes i
                    WHERE i.channel_kind = \(kind.rawValue) AND i.deleted_at IS NULL ORDER BY i.id
                    """,
                    logger: logger
                ), secrets: secrets
            )
        }
    }

    /// A session-level advisory lock on one pooled connection, held while `body` runs and released
    /// before the connection goes back to the pool (PostgreSQL releases it too if the connection dies).
    public func withMailboxLock<T: Sendable>(
        inboxID: Int64, _ body: @Sendable () async throws -> T
    ) async throws -> T? {
        try await withoutActuallyEscaping(body) { body in
            try await client.withConnection { [logger] connection in
                let key = "mailbox:\(inboxID)"
                var locked = false
                for try await granted in try await connection.query(
                    "SELECT pg_try_advisory_lock(hashtextextended(\(key), 0))", logger: logger
                ).decode(Bool.self) {
                    locked = granted
                }
                guard locked else { return nil }
                do {
                    let result = try await body()
                    try await connection.execute("SELECT pg_advisory_unlock(hashtextextended(\(key), 0))", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(hashtextextended(\(key), 0))", logger: logger)
                    throw error
                }
            }
        }
    }

    public func mailboxCheckpoint(inboxID: Int64) async throws -> MailboxCheckpoint? {
        try await run { [client, logger] in
            for try await (validity, last) in try await client.query(
                "SELECT uid_validity, last_uid FROM mailbox_checkpoints WHERE inbox_id = \(inboxID)", logger: logger
            ).decode((Int64, Int64).self) {
                return MailboxCheckpoint(uidValidity: UInt32(clamping: validity), lastUID: UInt32(clamping: last))
            }
            return nil
        }
    }

    public func saveMailboxCheckpoint(inboxID: Int64, accountID: Int64, _ checkpoint: MailboxCheckpoint) async throws {
        _ = try await run { [client, logger] in
            try await client.query(
                """
                INSERT INTO mailbox_checkpoints (inbox_id, account_id, uid_validity, last_uid)
                VALUES (\(inboxID), \(accountID), \(Int64(checkpoint.uidValidity)), \(Int64(checkpoint.lastUID)))
                ON CONFLICT (inbox_id, account_id) DO UPDATE
                SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, updated_at = now()
                """,
                logger: logger
            )
        }
    }

    public func recordRefusedMail(inbox: Inbox, uidValidity: UInt32, uid: UInt32, reason: String) async throws {
        _ = try await run { [client, logger] in
            try await client.query(
                """
                INSERT INTO mail_intake_failures (account_id, inbox_id, uid_validity, uid, reason)
                VALUES (\(inbox.accountID), \(inbox.id), \(Int64(uidValidity)), \(Int64(uid)), \(reason))
                ON CONFLICT (inbox_id, uid_validity, uid, account_id) DO NOTHING
                """,
                logger: logger
            )
        }
    }

    /// Mail an inbox refused, newest first, for the administrator's view.
    public func refusedMail(inboxID: Int64, accountID: Int64, limit: Int) async throws -> [RefusedMail] {
        try await run { [client, logger] in
            var found: [RefusedMail] = []
            for try await (uid, reason, at) in try await client.query(
                """
                SELECT uid, reason, created_at FROM mail_intake_failures
                WHERE inbox_id = \(inboxID) AND account_id = \(accountID) ORDER BY id DESC LIMIT \(limit)
                """,
                logger: logger
            ).decode((Int64, String, Date).self) {
                found.append(RefusedMail(uid: uid, reason: reason, at: at))
            }
            return found
        }
    }
}
