import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

extension PostgresStore: WebhookStore {
    static let endpointColumns = """
        id, account_id, url, events, description, enabled, failing_since, disabled_reason, created_at, updated_at
        """

    private func endpoints(_ sql: PostgresQuery) async throws -> [WebhookEndpoint] {
        try await run { [client, logger] in
            var list: [WebhookEndpoint] = []
            for try await row in try await client.query(sql, logger: logger).decode(
                (Int64, Int64, String, [String], String?, Bool, Date?, String?, Date, Date).self
            ) {
                list.append(
                    WebhookEndpoint(
                        id: row.0, accountID: row.1, url: row.2, events: row.3, description: row.4, enabled: row.5,
                        failingSince: row.6, disabledReason: row.7, createdAt: row.8, updatedAt: row.9
                    )
                )
            }
            return list
        }
    }

    public func webhookEndpoints(accountID: Int64) async throws -> [WebhookEndpoint] {
        try await endpoints(
            "SELECT \(unescaped: Self.endpointColumns) FROM webhook_endpoints WHERE account_id = \(accountID) ORDER BY id"
        )
    }

    public func webhookEndpoint(id: Int64, accountID: Int64) async throws -> WebhookEndpoint? {
        try await endpoints(
            """
            SELECT \(unescaped: Self.endpointColumns) FROM webhook_endpoints WHERE id = \(id) AND account_id = \(accountID)
            """
        ).first
    }

    public func createWebhookEndpoint(accountID: Int64, _ new: NewWebhookEndpoint) async throws -> WebhookEndpoint {
        let created = try await endpoints(
            """
            INSERT INTO webhook_endpoints (account_id, url, events, description, enabled, secret)
            VALUES (\(accountID), \(new.url), \(new.events), \(new.description), \(new.enabled), \(secrets?.seal(new.secret) ?? new.secret))
            RETURNING \(unescaped: Self.endpointColumns)
            """
        )
        guard let endpoint = created.first else { throw StoreDefect(sqlState: "no row") }
        return endpoint
    }

    public func updateWebhookEndpoint(id: Int64, accountID: Int64, _ change: WebhookEndpointChange) async throws
        -> WebhookEndpoint?
    {
        let clearsDescription = change.description.map { $0 == nil } ?? false
        // Enabling again starts a fresh record: the endpoint was fixed.
        return try await endpoints(
            """
            UPDATE webhook_endpoints SET
                url = coalesce(\(change.url), url), events = coalesce(\(change.events)::text[], events),
                description = CASE WHEN \(clearsDescription) THEN NULL ELSE coalesce(\(change.description ?? nil), description) END,
                enabled = coalesce(\(change.enabled), enabled),
                failing_since = CASE WHEN \(change.enabled) AND NOT enabled THEN NULL ELSE failing_since END,
                disabled_reason = CASE WHEN \(change.enabled) THEN NULL ELSE disabled_reason END,
                updated_at = now()
            WHERE id = \(id) AND account_id = \(accountID)
            RETURNING \(unescaped: Self.endpointColumns)
            """
        ).first
    }

    public func deleteWebhookEndpoint(id: Int64, accountID: Int64) async throws -> Bool {
        try await run { [client, logger] in
            try await client.query(
                "DELETE FROM webhook_endpoints WHERE id = \(id) AND account_id = \(accountID) RETURNING id", logger: logger
            ).decode(Int64.self).first { _ in true } != nil
        }
    }

    static let deliveryColumns = """
        d.id, d.endpoint_id, d.event_id, d.event_type, d.status, d.attempts, d.last_status_code, d.last_error,
        CASE WHEN d.status IN ('pending', 'failed') THEN d.next_attempt_at END, d.created_at, d.updated_at
        """

    private func deliveries(_ sql: PostgresQuery) async throws -> [WebhookDelivery] {
        try await run { [client, logger] in
            var list: [WebhookDelivery] = []
            for try await row in try await client.query(sql, logger: logger).decode(
                (Int64, Int64, Int64, String, String, Int, Int?, String?, Date?, Date, Date).self
            ) {
                list.append(
                    WebhookDelivery(
                        id: row.0, endpointID: row.1, eventID: row.2, eventType: row.3,
                        status: WebhookDeliveryStatus(rawValue: row.4) ?? .pending, attempts: row.5, lastStatusCode: row.6,
                        lastError: row.7, nextAttemptAt: row.8, createdAt: row.9, updatedAt: row.10
                    )
                )
            }
            return list
        }
    }

    public func webhookDeliveries(endpointID: Int64, accountID: Int64, beforeID: Int64?, limit: Int) async throws
        -> [WebhookDelivery]
    {
        try await deliveries(
            """
            SELECT \(unescaped: Self.deliveryColumns) FROM webhook_deliveries d
            WHERE d.endpoint_id = \(endpointID) AND d.account_id = \(accountID)
              AND (\(beforeID)::bigint IS NULL OR d.id < \(beforeID))
            ORDER BY d.id DESC LIMIT \(limit)
            """
        )
    }

    public func retryWebhookDelivery(id: Int64, endpointID: Int64, accountID: Int64) async throws -> WebhookDelivery? {
        try await deliveries(
            """
            UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = now(), updated_at = now()
            WHERE d.id = \(id) AND d.endpoint_id = \(endpointID) AND d.account_id = \(accountID)
            RETURNING \(unescaped: Self.deliveryColumns)
            """
        ).first
    }

    public func claimDueWebhookDeliveries(limit: Int, lease: Duration) async throws -> [DueWebhookDelivery] {
        let leaseSeconds = Double(lease.components.seconds)
        return try await run { [client, logger, secrets] in
            var list: [DueWebhookDelivery] = []
            for try await row in try await client.query(
                """
                UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => \(leaseSeconds))
                FROM webhook_endpoints w
                WHERE w.id = d.endpoint_id AND d.id IN (
                    SELECT q.id FROM webhook_deliveries q JOIN webhook_endpoints qw ON qw.id = q.endpoint_id AND qw.enabled
                    WHERE q.status IN ('pending', 'failed') AND q.next_attempt_at <= now()
                    ORDER BY q.next_attempt_at LIMIT \(limit) FOR UPDATE OF q SKIP LOCKED)
                RETURNING d.id, d.endpoint_id, w.url, w.secret, d.payload, d.attempts,
                    EXISTS (SELECT 1 FROM inboxes bi WHERE bi.bot_webhook_endpoint_id = d.endpoint_id AND bi.deleted_at IS NULL)
                """,
                logger: logger
            ).decode((Int64, Int64, String, String, String, Int, Bool).self) {
                // A sealed secret the key cannot open signs nothing: the attempt fails and is retried.
                let secret = SecretBox.isSealed(row.3) ? (try? secrets?.open(row.3)) ?? "" : row.3
                list.append(
                    DueWebhookDelivery(
                        id: row.0, endpointID: row.1, url: row.2, secret: secret, payload: row.4, attempts: row.5,
                        servesBot: row.6
                    )
                )
            }
            return list
        }
    }

    public func recordWebhookAttempt(deliveryID: Int64, _ outcome: WebhookAttemptOutcome, disableAfter: Duration) async throws {
        let (status, code, error, retryAt): (String, Int?, String?, Date?) =
            switch outcome {
            case .succeeded(let code): ("succeeded", code, nil, nil)
            case .gone: ("dead", 410, "the receiver answered 410 Gone: the endpoint is disabled", nil)
            case .failed(let code, let error, let retryAt): (retryAt == nil ? "dead" : "failed", code, error, retryAt)
            }
        let disableSeconds = Double(disableAfter.components.seconds)
        let gone = outcome == .gone
        try await transaction { [logger] connection in
            let endpoint = try await connection.query(
                """
                UPDATE webhook_deliveries SET status = \(status), attempts = attempts + 1, last_status_code = \(code),
                    last_error = \(error), next_attempt_at = coalesce(\(retryAt), next_attempt_at), updated_at = now()
                WHERE id = \(deliveryID) RETURNING endpoint_id
                """,
                logger: logger
            ).decode(Int64.self).first { _ in true }
            guard let endpoint else { return }
            if status == "dead" {
                try await Self.handOverFromDeadBot(deliveryID: deliveryID, on: connection, logger: logger)
            }
            try await connection.query(
                """
                UPDATE webhook_endpoints SET
                    failing_since = CASE WHEN \(status) = 'succeeded' THEN NULL ELSE coalesce(failing_since, now()) END,
                    enabled = enabled AND NOT \(gone)
                        AND NOT (\(status) <> 'succeeded'
                                 AND coalesce(failing_since < now() - make_interval(secs => \(disableSeconds)), false)),
                    disabled_reason = CASE
                        WHEN \(gone) THEN 'the receiver answered 410 Gone'
                        WHEN \(status) <> 'succeeded'
                            AND coalesce(failing_since < now() - make_interval(secs => \(disableSeconds)), false)
                            THEN 'every delivery failed for ' || round((\(disableSeconds) / 86400.0)::numeric, 1) || ' days'
                        ELSE disabled_reason END,
                    updated_at = now()
                WHERE id = \(endpoint)
                """,
                logger: logger
            )
        }
    }

    /// A delivery to an inbox's bot died: the conversation it was about, if the bot still has it, goes to
    /// people now (the assignment sweep gives it to someone), so nobody waits on a bot that cannot answer.
    static func handOverFromDeadBot(deliveryID: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE conversations c SET status = CASE WHEN c.status = 'pending' THEN 'open' ELSE c.status END,
                intake = c.intake || '{"state": "handed_off", "handoff_reason": "bot_failed", "current": null}'::jsonb,
                waiting_since = now(), updated_at = now()
            FROM webhook_deliveries d, events e, inboxes i
            WHERE d.id = \(deliveryID) AND e.id = d.event_id AND c.id = e.conversation_id AND i.id = c.inbox_id
              AND i.bot_webhook_endpoint_id = d.endpoint_id
              AND c.intake ->> 'state' = 'running' AND c.intake ->> 'bot' = 'true'
            """,
            logger: logger
        )
    }

    public func webhookQueueDepth() async throws -> Int {
        try await run { [client, logger] in
            try await client.query(
                "SELECT count(*)::int FROM webhook_deliveries WHERE status IN ('pending', 'failed')", logger: logger
            ).decode(Int.self).first { _ in true } ?? 0
        }
    }
}
