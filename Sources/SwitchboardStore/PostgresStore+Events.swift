import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: EventStore {
    /// The advisory lock that makes one process at a time the publisher.
    static let publisherLock: Int64 = 0x5357_4556_5054  // "SWEVPT"
    /// The channel every process's stream fan-out listens on; notified when events are published.
    public static let publishedChannel = "switchboard_events_published"
    /// The channel the webhook deliveries trigger notifies.
    public static let webhooksChannel = "switchboard_webhooks"

    public func publishPendingEvents(limit: Int, rendering: any EventRendering) async throws -> Int {
        try await transaction { [self] connection in
            let locked = try await connection.query("SELECT pg_try_advisory_xact_lock(\(Self.publisherLock))", logger: logger)
                .decode(Bool.self).first { _ in true } ?? false
            guard locked else { return 0 }
            // Only events of transactions older than every running one: no event published later can get a
            // smaller id than one published now.
            var pending: [PendingEvent] = []
            for try await row in try await connection.query(
                """
                SELECT row_id, type, account_id, conversation_id, subject_id, changes::text, created_at FROM events
                WHERE id IS NULL AND txid < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY txid, row_id LIMIT \(limit)
                """,
                logger: logger
            ).decode((Int64, String, Int64, Int64?, Int64, String?, Date).self) {
                guard let type = EventType(rawValue: row.1) else { continue }
                pending.append(
                    PendingEvent(
                        rowID: row.0, type: type, accountID: row.2, conversationID: row.3, subjectID: row.4, changes: row.5,
                        createdAt: row.6
                    )
                )
            }
            guard !pending.isEmpty else { return 0 }
            let subjects = try await loadSubjects(of: pending, connection: connection)
            var ids: [Int64] = []
            for try await id in try await connection.query(
                "SELECT nextval('events_id_seq') FROM generate_series(1, \(pending.count))", logger: logger
            ).decode(Int64.self) {
                ids.append(id)
            }
            ids.sort()
            var documents: [String] = []
            var teams: [String] = []
            var agents: [Int64] = []
            var everyone: [Bool] = []
            for (event, id) in zip(pending, ids) {
                let subject = subjects.of(event)
                documents.append(try rendering.document(of: event, id: id, resource: subject.resource))
                teams.append("{" + subject.audience.teamIDs.map(String.init).joined(separator: ",") + "}")
                agents.append(subject.audience.agentID ?? 0)
                everyone.append(subject.audience.everyone)
            }
            let rowIDs = pending.map(\.rowID)
            try await connection.query(
                """
                UPDATE events e SET id = u.id, document = u.document, team_ids = u.team_ids::bigint[],
                    agent_id = nullif(u.agent_id, 0), everyone = u.everyone, published_at = now()
                FROM unnest(\(rowIDs)::bigint[], \(ids)::bigint[], \(documents)::text[], \(teams)::text[],
                            \(agents)::bigint[], \(everyone)::boolean[]) AS u(row_id, id, document, team_ids, agent_id, everyone)
                WHERE e.row_id = u.row_id
                """,
                logger: logger
            )
            try await connection.query(
                """
                INSERT INTO webhook_deliveries (account_id, endpoint_id, event_id, event_type, payload)
                SELECT e.account_id, w.id, e.id, e.type, e.document
                FROM events e JOIN webhook_endpoints w ON w.account_id = e.account_id AND w.enabled
                    AND (e.type = ANY(w.events) OR '*' = ANY(w.events))
                WHERE e.row_id = ANY(\(rowIDs)) ORDER BY e.id, w.id
                """,
                logger: logger
            )
            try await connection.query("SELECT pg_notify(\(Self.publishedChannel), '')", logger: logger)
            return pending.count
        }
    }

    /// What the events are about, loaded in a few statements for the whole batch.
    private func loadSubjects(of events: [PendingEvent], connection: PostgresConnection) async throws -> EventSubjects {
        var subjects = EventSubjects()
        // Conversation events show the conversation; message events need only who may see theirs.
        let conversationIDs = Array(
            Set(events.filter { $0.type == .conversationCreated || $0.type == .conversationUpdated }.map(\.subjectID))
        )
        let audienceIDs = Array(Set(events.compactMap(\.conversationID)).subtracting(conversationIDs))
        if !audienceIDs.isEmpty {
            for try await (id, teamID, assigneeID, inboxTeamID) in try await connection.query(
                """
                SELECT c.id, c.team_id, c.assignee_id, i.team_id FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
                WHERE c.id = ANY(\(audienceIDs))
                """,
                logger: logger
            ).decode((Int64, Int64?, Int64?, Int64?).self) {
                subjects.audiences[id] = EventAudience(teamIDs: [inboxTeamID, teamID].compactMap { $0 }, agentID: assigneeID)
            }
        }
        if !conversationIDs.isEmpty {
            for conversation in try await Self.conversations(
                try await connection.query(
                    "\(unescaped: Self.conversationSelect) WHERE c.id = ANY(\(conversationIDs))", logger: logger
                )
            ) {
                subjects.conversations[conversation.id] = conversation
            }
        }
        let messageIDs = events.filter { $0.type == .messageCreated || $0.type == .messageUpdated }.map(\.subjectID)
        if !messageIDs.isEmpty {
            for message in try await Self.messages(
                try await connection.query("\(unescaped: Self.messageSelect) WHERE m.id = ANY(\(messageIDs))", logger: logger)
            ) {
                subjects.messages[message.id] = message
            }
        }
        let contactIDs = Array(
            Set(events.filter { [.contactCreated, .contactUpdated, .contactMerged].contains($0.type) }.map(\.subjectID))
        )
        if !contactIDs.isEmpty {
            for contact in try await Self.contacts(
                try await connection.query(
                    "SELECT \(unescaped: Self.contactColumns) FROM contacts ct WHERE ct.id = ANY(\(contactIDs))", logger: logger
                )
            ) {
                subjects.contacts[contact.id] = (contact, [], [], [])
            }
            // Identities and conversations of all of them in two statements, newest conversation first as GET shows.
            for try await row in try await connection.query(
                """
                SELECT contact_id, id, inbox_id, channel_kind, external_id, created_at,
                       CASE WHEN unreachable THEN coalesce(unreachable_reason, 'unreachable') END
                FROM contact_identities WHERE contact_id = ANY(\(contactIDs)) ORDER BY id
                """,
                logger: logger
            ).decode((Int64, Int64, Int64, String, String, Date, String?).self) {
                subjects.contacts[row.0]?.1.append(
                    ContactIdentity(
                        id: row.1, inboxID: row.2, channel: ChannelKind(rawValue: row.3) ?? .api, externalID: row.4,
                        createdAt: row.5, unreachableReason: row.6
                    )
                )
            }
            for conversation in try await Self.conversations(
                try await connection.query(
                    "\(unescaped: Self.conversationSelect) WHERE c.contact_id = ANY(\(contactIDs)) ORDER BY c.id DESC",
                    logger: logger
                )
            ) where (subjects.contacts[conversation.contactID]?.2.count ?? 500) < 500 {
                subjects.contacts[conversation.contactID]?.2.append(conversation)
                subjects.conversations[conversation.id] = conversation
            }
            for (contactID, suggestions) in try await Self.suggestedMerges(
                contactIDs: contactIDs, accountID: nil, on: connection, logger: logger
            ) {
                subjects.contacts[contactID]?.3 = suggestions
            }
        }
        let agentIDs = events.filter { $0.type == .agentUpdated }.map(\.subjectID)
        if !agentIDs.isEmpty {
            for agent in try await Self.agents(
                try await connection.query(
                    "SELECT \(unescaped: Self.agentColumns) FROM agents a WHERE a.id = ANY(\(agentIDs))", logger: logger
                )
            ) {
                subjects.agents[agent.id] = agent
            }
        }
        let inboxIDs = Array(Set(subjects.conversations.values.map(\.inboxID)))
        if !inboxIDs.isEmpty {
            for try await (id, teamID) in try await connection.query(
                "SELECT id, team_id FROM inboxes WHERE id = ANY(\(inboxIDs))", logger: logger
            ).decode((Int64, Int64?).self) {
                subjects.inboxTeams[id] = teamID
            }
        }
        return subjects
    }

    public func events(accountID: Int64, after afterID: Int64, limit: Int) async throws -> [PublishedEvent] {
        try await publishedEvents(
            """
            \(unescaped: Self.publishedSelect)
            WHERE account_id = \(accountID) AND id > \(afterID) ORDER BY id LIMIT \(limit)
            """
        )
    }

    public func events(after afterID: Int64, limit: Int) async throws -> [PublishedEvent] {
        try await publishedEvents(
            "\(unescaped: Self.publishedSelect) WHERE id > \(afterID) ORDER BY id LIMIT \(limit)"
        )
    }

    static let publishedSelect = "SELECT id, type, account_id, document, team_ids, agent_id, everyone FROM events"

    private func publishedEvents(_ sql: PostgresQuery) async throws -> [PublishedEvent] {
        try await run { [client, logger] in
            var list: [PublishedEvent] = []
            for try await row in try await client.query(sql, logger: logger).decode(
                (Int64, String, Int64, String, [Int64], Int64?, Bool).self
            ) {
                guard let type = EventType(rawValue: row.1) else { continue }
                list.append(
                    PublishedEvent(
                        id: row.0, type: type, accountID: row.2, document: row.3,
                        audience: EventAudience(teamIDs: row.4, agentID: row.5, everyone: row.6)
                    )
                )
            }
            return list
        }
    }

    public func hasUnpublishedEvents() async throws -> Bool {
        try await run { [client, logger] in
            try await client.query("SELECT EXISTS (SELECT 1 FROM events WHERE id IS NULL)", logger: logger)
                .decode(Bool.self).first { _ in true } ?? false
        }
    }

    public func latestEventID() async throws -> Int64 {
        try await run { [client, logger] in
            try await client.query("SELECT coalesce(max(id), 0) FROM events", logger: logger).decode(Int64.self)
                .first { _ in true } ?? 0
        }
    }

    public func pruneEvents(before date: Date) async throws -> Int {
        try await run { [client, logger] in
            // In slices, so a first prune after a long pause never holds a huge delete open.
            var total = 0
            while true {
                let rows = try await client.query(
                    """
                    WITH gone AS (
                        DELETE FROM events WHERE row_id IN (
                            SELECT row_id FROM events WHERE created_at < \(date) AND id IS NOT NULL LIMIT 5000)
                        RETURNING 1)
                    SELECT count(*)::int FROM gone
                    """,
                    logger: logger
                ).decode(Int.self).first { _ in true } ?? 0
                total += rows
                if rows < 5000 { return total }
            }
        }
    }
}

/// What a batch of events is about, and who may see each.
private struct EventSubjects {
    var conversations: [Int64: Conversation] = [:]
    /// Who may see the conversations of message events, looked up without loading them whole.
    var audiences: [Int64: EventAudience] = [:]
    var messages: [Int64: Message] = [:]
    var contacts: [Int64: (Contact, [ContactIdentity], [Conversation], [SuggestedMerge])] = [:]
    var agents: [Int64: Agent] = [:]
    var inboxTeams: [Int64: Int64?] = [:]

    func of(_ event: PendingEvent) -> (resource: EventResource?, audience: EventAudience) {
        switch event.type {
        case .conversationCreated, .conversationUpdated:
            let conversation = conversations[event.subjectID]
            return (conversation.map(EventResource.conversation), audience(of: conversation))
        case .messageCreated, .messageUpdated:
            let conversation = event.conversationID.flatMap { conversations[$0] }
            let audience = event.conversationID.flatMap { audiences[$0] } ?? audience(of: conversation)
            return (messages[event.subjectID].map(EventResource.message), audience)
        case .contactCreated, .contactUpdated, .contactMerged:
            guard let (contact, identities, list, suggestions) = contacts[event.subjectID] else { return (nil, EventAudience()) }
            // Agents who see the contact's latest conversation hear about the contact.
            return (
                .contact(contact, identities: identities, conversations: list, suggestedMerges: suggestions),
                audience(of: list.first)
            )
        case .agentUpdated:
            return (agents[event.subjectID].map(EventResource.agent), EventAudience(everyone: true))
        }
    }

    private func audience(of conversation: Conversation?) -> EventAudience {
        guard let conversation else { return EventAudience() }
        return EventAudience(conversation: conversation, inboxTeamID: inboxTeams[conversation.inboxID] ?? nil)
    }
}
