import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

extension PostgresStore: InboxStore {
    static let inboxColumns = """
        i.id, i.account_id, i.uid, i.name, i.channel_kind, i.config::text, i.team_id, i.greeting_template_id,
        i.created_at, i.updated_at, i.deleted_at, i.assignment_policy, i.assignment_sticky, i.requeue_after_minutes, i.default_capacity,
        i.last_event_at, i.last_error, i.last_error_at, i.farewell_template_id, i.csat_template_id, i.csat_window_hours,
        i.escalation_team_ids, i.out_of_office_template_id, i.office_hours::text, i.inactivity_reminder_template_id,
        i.inactivity_reminder_minutes, i.inactivity_resolve_minutes, i.inactivity_resolve_note,
        i.last_skipped_message_at, i.last_skipped_message_reason, i.intake::text, i.bot_webhook_endpoint_id
        """

    /// Decodes inbox rows, opening the sealed secrets of their config with `secrets`.
    static func inboxes(_ rows: PostgresRowSequence, secrets: SecretBox?) async throws -> [Inbox] {
        var inboxes: [Inbox] = []
        for try await row in rows { inboxes.append(try inbox(row, secrets: secrets)) }
        return inboxes
    }

    static func inbox(_ row: PostgresRow, secrets: SecretBox?) throws -> Inbox {
        let row = try row.decode((Int64, Int64, String, String, String, String, Int64?, Int64?, Date, Date, Date?, String, Bool, Int?, Int?, Date?, String?, Date?, Int64?, Int64?, Int, [Int64], Int64?, String?, Int64?, Int?, Int?, String?, Date?, String?, String?, Int64?).self)
        return Inbox(
            id: row.0, accountID: row.1, uid: row.2, name: row.3, kind: ChannelKind(rawValue: row.4) ?? .api,
            config: secrets.open(decodeJSON(row.5)), teamID: row.6, greetingTemplateID: row.7,
            assignment: AssignmentSettings(
                policy: AssignmentPolicy(rawValue: row.11) ?? .off, sticky: row.12, requeueAfterMinutes: row.13,
                defaultCapacity: row.14
            ),
            automations: InboxAutomations(
                farewellTemplateID: row.18, csatTemplateID: row.19, csatWindowHours: row.20,
                outOfOfficeTemplateID: row.22,
                officeHours: row.23.flatMap { try? OfficeHours.parse(.object(decodeJSON($0)), field: "office_hours") },
                inactivityReminderTemplateID: row.24, inactivityReminderMinutes: row.25,
                inactivityResolveMinutes: row.26, inactivityResolveNote: row.27
            ),
            escalationTeamIDs: row.21,
            intake: IntakeQuestionnaire.stored(decodeJSONValue(row.30)), botEndpointID: row.31,
            health: ChannelHealth(
                lastEventAt: row.15, lastError: row.16, lastErrorAt: row.17, lastSkippedMessageAt: row.28,
                lastSkippedMessageReason: row.29
            ),
            createdAt: row.8,
            updatedAt: row.9, deletedAt: row.10
        )
    }

    public func inboxes(accountID: Int64) async throws -> [Inbox] {
        try await run { [client, logger, secrets] in
            try await Self.inboxes(
                try await client.query(
                    "SELECT \(unescaped: Self.inboxColumns) FROM inboxes i WHERE i.account_id = \(accountID) ORDER BY i.id",
                    logger: logger
                ), secrets: secrets
            )
        }
    }

    public func inbox(id: Int64, accountID: Int64) async throws -> Inbox? {
        try await run { [client, logger, secrets] in
            var bindings = PostgresBindings()
            bindings.append(id)
            bindings.append(accountID)
            let rows = try await client.withConnection { try await $0.rows(InboxByID.self, bindings, logger: logger) }
            return try rows.first.map { try Self.inbox($0, secrets: secrets) }
        }
    }

    /// Every message posted into an inbox reads it first, so it is prepared: inbox `$1` of account `$2`.
    enum InboxByID: PreparedSQL {
        static let sql = "SELECT \(PostgresStore.inboxColumns) FROM inboxes i WHERE i.id = $1 AND i.account_id = $2"
    }

    public func liveInbox(uid: String) async throws -> Inbox? {
        try await run { [client, logger, secrets] in
            var bindings = PostgresBindings()
            bindings.append(uid)
            let rows = try await client.withConnection { try await $0.rows(LiveInbox.self, bindings, logger: logger) }
            return try rows.first.map { try Self.inbox($0, secrets: secrets) }
        }
    }

    /// Every platform webhook reads its inbox first, so it is prepared: the undeleted inbox whose uid is `$1`.
    enum LiveInbox: PreparedSQL {
        static let sql = "SELECT \(PostgresStore.inboxColumns) FROM inboxes i WHERE i.uid = $1 AND i.deleted_at IS NULL"
    }

    public func createInbox(accountID: Int64, uid: String, _ new: NewInbox) async throws -> Inbox {
        try await run { [client, logger, secrets] in
            let created = try await Self.inboxes(
                try await client.query(
                    """
                    INSERT INTO inboxes AS i (account_id, uid, name, channel_kind, config, team_id, greeting_template_id,
                                              assignment_policy, assignment_sticky, requeue_after_minutes, default_capacity,
                                              farewell_template_id, csat_template_id, csat_window_hours, escalation_team_ids,
                                              out_of_office_template_id, office_hours, inactivity_reminder_template_id,
                                              inactivity_reminder_minutes, inactivity_resolve_minutes, inactivity_resolve_note,
                                              intake, bot_webhook_endpoint_id)
                    VALUES (\(accountID), \(uid), \(new.name), \(new.kind.rawValue), \(Self.encodeJSON(secrets.seal(new.config)))::jsonb,
                            \(new.teamID), \(new.greetingTemplateID), \(new.assignment.policy.rawValue), \(new.assignment.sticky),
                            \(new.assignment.requeueAfterMinutes), \(new.assignment.defaultCapacity),
                            \(new.automations.farewellTemplateID), \(new.automations.csatTemplateID),
                            \(new.automations.csatWindowHours), \(new.escalationTeamIDs),
                            \(new.automations.outOfOfficeTemplateID), \(Self.officeHoursJSON(new.automations.officeHours))::jsonb,
                            \(new.automations.inactivityReminderTemplateID), \(new.automations.inactivityReminderMinutes),
                            \(new.automations.inactivityResolveMinutes), \(new.automations.inactivityResolveNote),
                            \(new.intake.map { Self.encodeJSONValue($0.json) })::jsonb, \(new.botEndpointID))
                    RETURNING \(unescaped: Self.inboxColumns)
                    """,
                    logger: logger
                ), secrets: secrets
            )
            guard let inbox = created.first else { throw SwitchboardError.storeUnavailable }
            return inbox
        }
    }

    public func updateInbox(id: Int64, accountID: Int64, _ change: InboxChange) async throws -> Inbox? {
        let removed = change.config?.filter { $0.value == .null }.map(\.key) ?? []
        let merged = secrets.seal(change.config?.filter { $0.value != .null } ?? [:])
        return try await transaction { [logger, secrets] client in
            if case .some(.none) = change.intake {
                try await Self.endRunningIntakes(inboxID: id, accountID: accountID, on: client, logger: logger)
            }
            return try await Self.inboxes(
                try await client.query(
                    """
                    UPDATE inboxes AS i SET
                        name = coalesce(\(change.name), name),
                        config = (config || \(Self.encodeJSON(merged))::jsonb) - \(removed)::text[],
                        team_id = CASE WHEN \(change.teamID != nil) THEN \(change.teamID ?? nil) ELSE team_id END,
                        greeting_template_id = CASE WHEN \(change.greetingTemplateID != nil)
                            THEN \(change.greetingTemplateID ?? nil) ELSE greeting_template_id END,
                        assignment_policy = coalesce(\(change.assignment?.policy.rawValue), assignment_policy),
                        assignment_sticky = coalesce(\(change.assignment?.sticky), assignment_sticky),
                        requeue_after_minutes = CASE WHEN \(change.assignment != nil)
                            THEN \(change.assignment?.requeueAfterMinutes) ELSE requeue_after_minutes END,
                        default_capacity = CASE WHEN \(change.assignment != nil)
                            THEN \(change.assignment?.defaultCapacity) ELSE default_capacity END,
                        farewell_template_id = CASE WHEN \(change.automations != nil)
                            THEN \(change.automations?.farewellTemplateID) ELSE farewell_template_id END,
                        csat_template_id = CASE WHEN \(change.automations != nil)
                            THEN \(change.automations?.csatTemplateID) ELSE csat_template_id END,
                        csat_window_hours = coalesce(\(change.automations?.csatWindowHours), csat_window_hours),
                        out_of_office_template_id = CASE WHEN \(change.automations != nil)
                            THEN \(change.automations?.outOfOfficeTemplateID) ELSE out_of_office_template_id END,
                        office_hours = CASE WHEN \(change.automations != nil)
                            THEN \(Self.officeHoursJSON(change.automations?.officeHours))::jsonb ELSE office_hours END,
                        inactivity_reminder_template_id = CASE WHEN \(change.automations != nil)
                            THEN \(change.automations?.inactivityReminderTemplateID) ELSE inactivity_reminder_template_id END,
                        inactivity_reminder_minutes = CASE WHEN \(change.automations != nil)
                            THEN \(change.automations?.inactivityReminderMinutes) ELSE inactivity_reminder_minutes END,
                        inactivity_resolve_minutes = CASE WHEN \(change.automations != nil)
                            THEN \(change.automations?.inactivityResolveMinutes) ELSE inactivity_resolve_minutes END,
                        inactivity_resolve_note = CASE WHEN \(change.automations != nil)
                            THEN \(change.automations?.inactivityResolveNote) ELSE inactivity_resolve_note END,
                        escalation_team_ids = coalesce(\(change.escalationTeamIDs), escalation_team_ids),
                        intake = CASE WHEN \(change.intake != nil)
                            THEN \(change.intake.flatMap { $0.map { Self.encodeJSONValue($0.json) } })::jsonb ELSE intake END,
                        bot_webhook_endpoint_id = CASE WHEN \(change.botEndpointID != nil)
                            THEN \(change.botEndpointID ?? nil) ELSE bot_webhook_endpoint_id END,
                        updated_at = now()
                    WHERE i.id = \(id) AND i.account_id = \(accountID)
                    RETURNING \(unescaped: Self.inboxColumns)
                    """,
                    logger: logger
                ), secrets: secrets
            ).first
        }
    }

    /// The questionnaire was removed: conversations its bot was still asking go to the humans now.
    static func endRunningIntakes(inboxID: Int64, accountID: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE conversations SET status = CASE WHEN status = 'pending' THEN 'open' ELSE status END,
                intake = intake || '{"state": "handed_off", "handoff_reason": "intake_removed", "current": null}'::jsonb,
                waiting_since = now(), updated_at = now()
            WHERE inbox_id = \(inboxID) AND account_id = \(accountID) AND intake ->> 'state' = 'running'
            """,
            logger: logger
        )
    }

    static func officeHoursJSON(_ hours: OfficeHours?) -> String? {
        guard let hours, case .object(let fields) = hours.json else { return nil }
        return encodeJSON(fields)
    }

    public func deleteInbox(id: Int64, accountID: Int64) async throws -> Bool {
        try await run { [client, logger] in
            for try await _ in try await client.query(
                """
                UPDATE inboxes SET deleted_at = coalesce(deleted_at, now()), updated_at = now()
                WHERE id = \(id) AND account_id = \(accountID) RETURNING id
                """,
                logger: logger
            ).decode(Int64.self) {
                return true
            }
            return false
        }
    }

    public func teamExists(id: Int64, accountID: Int64) async throws -> Bool {
        try await exists("SELECT 1 FROM teams WHERE id = \(id) AND account_id = \(accountID)")
    }

    public func templateExists(id: Int64, accountID: Int64) async throws -> Bool {
        try await exists("SELECT 1 FROM templates WHERE id = \(id) AND account_id = \(accountID)")
    }

    /// Runs a query (or a statement with RETURNING); true when it produced a row.
    func exists(_ query: PostgresQuery) async throws -> Bool {
        try await run { [client, logger] in
            var found = false
            for try await _ in try await client.query(query, logger: logger) { found = true }
            return found
        }
    }
}
