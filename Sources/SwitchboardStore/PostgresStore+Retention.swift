import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

extension PostgresStore {
    public func applyRetention(now: Date, batchSize: Int) async throws -> [RetentionRun] {
        let accounts: [(Int64, RetentionSettings)] = try await run { [client, logger] in
            var accounts: [(Int64, RetentionSettings)] = []
            for try await row in try await client.query(
                """
                SELECT id, retention_conversations_days, retention_attachments_days, retention_audit_days FROM accounts
                WHERE coalesce(retention_conversations_days, retention_attachments_days, retention_audit_days) IS NOT NULL
                ORDER BY id
                """,
                logger: logger
            ).decode((Int64, Int?, Int?, Int?).self) {
                accounts.append((row.0, RetentionSettings(conversationsDays: row.1, attachmentsDays: row.2, auditDays: row.3)))
            }
            return accounts
        }
        var runs: [RetentionRun] = []
        for (accountID, settings) in accounts {
            runs.append(try await applyRetention(accountID: accountID, settings, now: now, batchSize: batchSize))
        }
        return runs
    }

    /// One account's round: each batch is its own short transaction, so a first run over years of history
    /// neither holds locks for long nor loads more than a batch of ids.
    func applyRetention(accountID: Int64, _ settings: RetentionSettings, now: Date, batchSize: Int) async throws -> RetentionRun {
        var outcome = RetentionRun(accountID: accountID)
        if let days = settings.conversationsDays {
            while true {
                let (conversations, contacts) = try await anonymizeBatch(accountID: accountID, before: now - Self.days(days), limit: batchSize)
                outcome.conversations += conversations
                outcome.contacts += contacts
                if conversations < batchSize { break }
            }
        }
        if let days = settings.attachmentsDays {
            outcome.attachments = try await deleteInBatches(
                table: "attachments", accountID: accountID, before: now - Self.days(days), limit: batchSize
            )
        }
        if let days = settings.auditDays {
            outcome.auditEvents = try await deleteInBatches(
                table: "audit_events", accountID: accountID, before: now - Self.days(days), limit: batchSize
            )
        }
        try await run { [client, logger, outcome] in
            try await client.query(
                """
                INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data, created_at)
                VALUES (\(accountID), NULL, 'retention.applied', 'account', \(accountID),
                        jsonb_build_object('conversations', \(outcome.conversations), 'contacts', \(outcome.contacts),
                                           'attachments', \(outcome.attachments), 'audit_events', \(outcome.auditEvents)),
                        \(now))
                """,
                logger: logger
            )
        }
        return outcome
    }

    static func days(_ count: Int) -> TimeInterval { TimeInterval(count) * 86_400 }

    /// Anonymizes up to `limit` conversations resolved before `before` (never one labelled legal-hold), then
    /// their contacts that have no conversation left un-anonymized. Returns (conversations, contacts).
    private func anonymizeBatch(accountID: Int64, before: Date, limit: Int) async throws -> (Int, Int) {
        try await transaction { [logger] connection in
            var ids: [Int64] = []
            for try await id in try await connection.query(
                """
                SELECT id FROM conversations
                WHERE account_id = \(accountID) AND status = 'resolved' AND anonymized_at IS NULL AND resolved_at < \(before)
                  AND NOT (\(RetentionSettings.legalHoldLabel) = ANY(labels))
                ORDER BY resolved_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """,
                logger: logger
            ).decode(Int64.self) {
                ids.append(id)
            }
            try await Self.anonymize(conversationIDs: ids, on: connection, logger: logger)
            var contacts: [Int64] = []
            for try await id in try await connection.query(
                """
                SELECT DISTINCT ct.id FROM contacts ct JOIN conversations c ON c.contact_id = ct.id
                WHERE c.id = ANY(\(ids)) AND ct.erased_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM conversations o WHERE o.contact_id = ct.id AND o.anonymized_at IS NULL)
                """,
                logger: logger
            ).decode(Int64.self) {
                contacts.append(id)
            }
            try await Self.anonymize(contactIDs: contacts, on: connection, logger: logger)
            return (ids.count, contacts.count)
        }
    }

    private func deleteInBatches(table: String, accountID: Int64, before: Date, limit: Int) async throws -> Int {
        var total = 0
        while true {
            let deleted: Int = try await run { [client, logger] in
                var count = 0
                for try await _ in try await client.query(
                    """
                    DELETE FROM \(unescaped: table) WHERE id IN (
                        SELECT id FROM \(unescaped: table) WHERE account_id = \(accountID) AND created_at < \(before)
                        ORDER BY id LIMIT \(limit))
                    RETURNING id
                    """,
                    logger: logger
                ) {
                    count += 1
                }
                return count
            }
            total += deleted
            if deleted < limit { return total }
        }
    }
}
