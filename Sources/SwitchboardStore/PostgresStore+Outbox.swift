import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: OutboxStore {
    public func claimDueJobs(limit: Int, lease: Duration) async throws -> [OutboxJob] {
        let leaseSeconds = lease.timeInterval
        let claimed: [(Int64, Int, Int64)] = try await run { [client, logger] in
            var claimed: [(Int64, Int, Int64)] = []
            for try await row in try await client.query(
                """
                UPDATE outbox o SET attempts = o.attempts + 1,
                    next_attempt_at = now() + make_interval(secs => \(leaseSeconds)), updated_at = now()
                FROM (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED) due
                WHERE o.id = due.id
                RETURNING o.id, o.attempts, o.message_id
                """,
                logger: logger
            ).decode((Int64, Int, Int64).self) {
                claimed.append(row)
            }
            return claimed
        }
        guard !claimed.isEmpty else { return [] }
        let messages = try await outboundMessages(ids: claimed.map(\.2))
        let parts = try await acceptedParts(jobIDs: claimed.map(\.0))
        var jobs: [OutboxJob] = []
        for (id, attempt, messageID) in claimed {
            if let message = messages[messageID] {
                jobs.append(OutboxJob(id: id, attempt: attempt, message: message, acceptedParts: parts[id] ?? []))
            } else {
                try await markFailed(jobID: id, error: "the message no longer exists")
            }
        }
        return jobs
    }

    /// The parts of each job's reply that the platform accepted in earlier attempts, in order.
    func acceptedParts(jobIDs: [Int64]) async throws -> [Int64: [String?]] {
        try await run { [client, logger] in
            var parts: [Int64: [String?]] = [:]
            for try await (jobID, part, externalID) in try await client.query(
                "SELECT outbox_id, part, external_id FROM outbox_parts WHERE outbox_id = ANY(\(jobIDs)) ORDER BY outbox_id, part",
                logger: logger
            ).decode((Int64, Int, String?).self) {
                // Only an unbroken run from part 0 counts: a part is never sent before the ones ahead of it.
                if part == parts[jobID, default: []].count { parts[jobID, default: []].append(externalID) }
            }
            return parts
        }
    }

    public func recordAcceptedPart(jobID: Int64, part: Int, externalID: String?) async throws {
        try await run { [client, logger] in
            _ = try await client.query(
                """
                INSERT INTO outbox_parts (account_id, outbox_id, part, external_id)
                SELECT account_id, id, \(part), \(externalID) FROM outbox WHERE id = \(jobID)
                ON CONFLICT (outbox_id, part, account_id) DO NOTHING
                """,
                logger: logger
            )
        }
    }

    public func markSent(jobID: Int64, receipt: DeliveryReceipt) async throws {
        try await transaction { [logger] connection in
            try await connection.query(
                "UPDATE outbox SET status = 'sent', last_error = NULL, updated_at = now() WHERE id = \(jobID)",
                logger: logger
            )
            try await connection.query(
                """
                UPDATE messages SET delivery_status = 'sent', delivery_error = NULL, sent_at = now(),
                    external_id = coalesce(\(receipt.externalID), external_id)
                WHERE id = (SELECT message_id FROM outbox WHERE id = \(jobID))
                """,
                logger: logger
            )
        }
    }

    public func scheduleRetry(jobID: Int64, error: String, at: Date) async throws {
        try await transaction { [logger] connection in
            try await connection.query(
                """
                UPDATE outbox SET next_attempt_at = \(at), last_error = \(error), updated_at = now()
                WHERE id = \(jobID) AND status = 'pending'
                """,
                logger: logger
            )
            // Still queued, but people can see why it has not gone out yet.
            try await connection.query(
                "UPDATE messages SET delivery_error = \(error) WHERE id = (SELECT message_id FROM outbox WHERE id = \(jobID))",
                logger: logger
            )
        }
    }

    public func markFailed(jobID: Int64, error: String) async throws {
        try await transaction { [logger] connection in
            try await connection.query(
                "UPDATE outbox SET status = 'failed', last_error = \(error), updated_at = now() WHERE id = \(jobID)",
                logger: logger
            )
            try await connection.query(
                """
                UPDATE messages SET delivery_status = 'failed', delivery_error = \(error)
                WHERE id = (SELECT message_id FROM outbox WHERE id = \(jobID))
                """,
                logger: logger
            )
        }
    }

    public func pendingCount() async throws -> Int {
        try await run { [client, logger] in
            for try await count in try await client.query(
                "SELECT count(*)::int FROM outbox WHERE status = 'pending'", logger: logger
            ).decode(Int.self) {
                return count
            }
            return 0
        }
    }
}
