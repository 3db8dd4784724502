import Foundation
import PostgresNIO
import SwitchboardCore

/// The skipped list: payloads an inbox acknowledged without storing a message, kept `SkippedRetention.days`.
extension PostgresStore {
    /// One statement: the new rows, the inbox's expired rows gone, and the inbox's health marked when a
    /// person's message is among them (PostgreSQL runs data-modifying WITH parts whether read or not).
    public func recordSkipped(_ items: [SkippedPayload], inbox: Inbox, at: Date) async throws {
        guard !items.isEmpty else { return }
        let externalIDs = items.map { $0.externalID ?? "" }
        let categories = items.map(\.category.rawValue)
        let reasons = items.map(\.reason)
        let payloads = items.map { $0.payload ?? "" }
        let fromPerson = items.map { $0.fromPerson ? "t" : "f" }
        let personReason = items.last(where: \.fromPerson)?.reason
        _ = try await exists(
            """
            WITH added AS (
                INSERT INTO skipped_payloads
                    (account_id, inbox_id, channel, external_id, category, reason, payload, from_person, received_at)
                SELECT \(inbox.accountID), \(inbox.id), \(inbox.kind.rawValue), NULLIF(t.external_id, ''), t.category,
                       t.reason, t.payload, t.from_person::boolean, \(at)
                FROM unnest(\(externalIDs)::text[], \(categories)::text[], \(reasons)::text[], \(payloads)::text[],
                            \(fromPerson)::text[]) AS t(external_id, category, reason, payload, from_person)
                RETURNING id
            ), expired AS (
                DELETE FROM skipped_payloads
                WHERE inbox_id = \(inbox.id) AND received_at < now() - make_interval(days => \(SkippedRetention.days)::int)
                RETURNING id
            )
            UPDATE inboxes SET last_skipped_message_at = \(at), last_skipped_message_reason = \(personReason)
            WHERE id = \(inbox.id) AND \(personReason)::text IS NOT NULL
            RETURNING id
            """
        )
    }

    public func skippedPayloads(inboxID: Int64, accountID: Int64, before cursor: Int64?, limit: Int) async throws
        -> [SkippedRecord]
    {
        try await run { [client, logger] in
            var found: [SkippedRecord] = []
            for try await row in try await client.query(
                """
                SELECT id, received_at, channel, category, external_id, reason, payload, from_person
                FROM skipped_payloads
                WHERE inbox_id = \(inboxID) AND account_id = \(accountID)
                  AND received_at >= now() - make_interval(days => \(SkippedRetention.days)::int)
                  AND (\(cursor)::bigint IS NULL OR id < \(cursor))
                ORDER BY id DESC LIMIT \(limit)
                """,
                logger: logger
            ).decode((Int64, Date, String, String, String?, String, String, Bool).self) {
                found.append(
                    SkippedRecord(
                        id: row.0, receivedAt: row.1, channel: ChannelKind(rawValue: row.2) ?? .api,
                        category: SkipCategory(rawValue: row.3) ?? .ignored, externalID: row.4, reason: row.5,
                        payload: row.6, fromPerson: row.7
                    )
                )
            }
            return found
        }
    }
}
