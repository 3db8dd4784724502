import Foundation
import Logging
import PostgresNIO
import SwitchboardCore
import Synchronization

extension PostgresStore: RuleStore {
    static let ruleColumns = "r.id, r.account_id, r.name, r.position, r.enabled, r.definition::text, r.created_at, r.updated_at"

    static func rules(_ rows: PostgresRowSequence) async throws -> [Rule] {
        var list: [Rule] = []
        for try await row in rows.decode((Int64, Int64, String, Int, Bool, String, Date, Date).self) {
            guard let definition = RuleCoding.stored(decodeJSON(row.5)) else { continue }
            list.append(
                Rule(
                    id: row.0, accountID: row.1, name: row.2, position: row.3, enabled: row.4, definition: definition,
                    createdAt: row.6, updatedAt: row.7
                )
            )
        }
        return list
    }

    public func rules(accountID: Int64) async throws -> [Rule] {
        try await run { [client, logger] in
            try await Self.rules(
                try await client.query(
                    "SELECT \(unescaped: Self.ruleColumns) FROM rules r WHERE r.account_id = \(accountID) ORDER BY r.position, r.id",
                    logger: logger
                )
            )
        }
    }

    public func rule(id: Int64, accountID: Int64) async throws -> Rule? {
        try await run { [client, logger] in
            try await Self.rules(
                try await client.query(
                    "SELECT \(unescaped: Self.ruleColumns) FROM rules r WHERE r.id = \(id) AND r.account_id = \(accountID)",
                    logger: logger
                )
            ).first
        }
    }

    public func createRule(accountID: Int64, _ new: NewRule) async throws -> Rule {
        let definition = Self.encodeJSON(RuleCoding.json(new.definition))
        let created = try await run { [client, logger] in
            try await Self.rules(
                try await client.query(
                    """
                    INSERT INTO rules AS r (account_id, name, position, enabled, definition)
                    VALUES (\(accountID), \(new.name),
                            coalesce(\(new.position), (SELECT coalesce(max(position), 0) + 10 FROM rules WHERE account_id = \(accountID))),
                            \(new.enabled), \(definition)::jsonb)
                    RETURNING \(unescaped: Self.ruleColumns)
                    """,
                    logger: logger
                )
            ).first
        }
        guard let created else { throw SwitchboardError.storeUnavailable }
        return created
    }

    public func updateRule(id: Int64, accountID: Int64, _ change: RuleChange) async throws -> Rule? {
        let definition = change.definition.map { Self.encodeJSON(RuleCoding.json($0)) }
        return try await run { [client, logger] in
            try await Self.rules(
                try await client.query(
                    """
                    UPDATE rules AS r SET name = coalesce(\(change.name), r.name),
                        position = coalesce(\(change.position), r.position),
                        enabled = coalesce(\(change.enabled), r.enabled),
                        definition = coalesce(\(definition)::jsonb, r.definition),
                        updated_at = now()
                    WHERE r.id = \(id) AND r.account_id = \(accountID)
                    RETURNING \(unescaped: Self.ruleColumns)
                    """,
                    logger: logger
                )
            ).first
        }
    }

    public func deleteRule(id: Int64, accountID: Int64) async throws -> Bool {
        try await exists("DELETE FROM rules WHERE id = \(id) AND account_id = \(accountID) RETURNING id")
    }

    public func referenceExists(kind: String, id: Int64, accountID: Int64) async throws -> Bool {
        switch kind {
        case "team": try await exists("SELECT 1 FROM teams WHERE id = \(id) AND account_id = \(accountID)")
        case "agent": try await exists("SELECT 1 FROM agents WHERE id = \(id) AND account_id = \(accountID)")
        case "template": try await exists("SELECT 1 FROM templates WHERE id = \(id) AND account_id = \(accountID)")
        case "inbox": try await exists("SELECT 1 FROM inboxes WHERE id = \(id) AND account_id = \(accountID) AND deleted_at IS NULL")
        default: false
        }
    }
}

/// The accounts' enabled rules as this process last decoded them, each with the account's
/// `rules_version` (sql/0031) at that moment. Decoding the definitions is most of the CPU an ingest
/// with rules costs; the version, read in the same statement that would read the rules, tells at
/// every ingest whether anyone (in any process) has changed them since.
final class RuleCache: Sendable {
    private let entries = Mutex<[Int64: (version: Int64, rules: [Rule])]>([:])

    func entry(_ accountID: Int64) -> (version: Int64, rules: [Rule])? { entries.withLock { $0[accountID] } }

    func keep(_ rules: [Rule], accountID: Int64, version: Int64) {
        entries.withLock { $0[accountID] = (version, rules) }
    }
}

extension PostgresIngestTransaction {
    /// One statement for the cached rules' version (the rules too when the cache is stale) and the facts.
    func rulesAndFacts(
        accountID: Int64, conversationID: Int64, inbox: Inbox, messageContent: String?, now: Date
    ) async throws -> (rules: [Rule], facts: RuleFacts)? {
        let cached = ruleCache?.entry(accountID)
        // The lookup at the start of this ingest read the account's rules version: when the cache holds
        // that version and it has no rules, there is nothing to ask the database.
        if let cached, cached.rules.isEmpty, lookedUp.rulesVersion == cached.version { return nil }
        var bindings = PostgresBindings()
        bindings.append(messageContent == nil)
        bindings.append(cached?.version)
        bindings.append(conversationID)
        bindings.append(accountID)
        let rows = try await connection.rows(RulesAndFacts.self, bindings, logger: logger)
        var version: Int64?
        var facts: RuleFacts?
        var attributes = "{}"
        var rules: [Rule] = []
        for row in try rows.map({
            try $0.decode(
                (Int64, String, [String], String, String, Bool, String, String?, String?, Int64?, String?, Int?, String?, Date?, Date?).self
            )
        }) {
            if version == nil {
                version = row.0
                attributes = row.1
                facts = RuleFacts(
                    inboxID: inbox.id, channel: inbox.kind, messageContent: messageContent ?? row.8, contactAttributes: [:],
                    labels: row.2, priority: Priority(rawValue: row.3) ?? .none, returningContact: row.5, now: now,
                    timeZone: row.4, status: ConversationStatus(rawValue: row.6) ?? .open, category: row.7
                )
            }
            guard let id = row.9, let name = row.10, let position = row.11, let text = row.12, let createdAt = row.13,
                let updatedAt = row.14, let definition = RuleCoding.stored(PostgresStore.decodeJSON(text))
            else { continue }
            rules.append(
                Rule(
                    id: id, accountID: accountID, name: name, position: position, enabled: true, definition: definition,
                    createdAt: createdAt, updatedAt: updatedAt
                )
            )
        }
        guard let version, var found = facts else { return nil }
        if let cached, cached.version == version {
            rules = cached.rules
        } else {
            ruleCache?.keep(rules, accountID: accountID, version: version)
        }
        // Without rules nothing looks at the facts: the attributes are not even decoded.
        if rules.isEmpty { return nil }
        found.contactAttributes = PostgresStore.decodeJSON(attributes)
        return (rules, found)
    }

    /// `$1` whether the event has no message of its own, `$2` the cached rules' version (NULL: none),
    /// `$3` the conversation, `$4` the account. Planning it took most of its time: it is prepared.
    enum RulesAndFacts: PreparedSQL {
        static let sql = """
            SELECT acc.rules_version, ct.attributes::text, c.labels, c.priority, acc.time_zone,
                   EXISTS (SELECT 1 FROM conversations o WHERE o.contact_id = c.contact_id AND o.id < c.id),
                   c.status, c.category,
                   CASE WHEN $1::boolean THEN (
                       SELECT m.content FROM messages m
                       WHERE m.conversation_id = c.id AND m.direction = 'in' ORDER BY m.id DESC LIMIT 1) END,
                   r.id, r.name, r.position, r.definition::text, r.created_at, r.updated_at
            FROM conversations c JOIN contacts ct ON ct.id = c.contact_id JOIN accounts acc ON acc.id = c.account_id
            LEFT JOIN rules r ON r.account_id = acc.id AND r.enabled AND acc.rules_version IS DISTINCT FROM $2::bigint
            WHERE c.id = $3 AND acc.id = $4
            ORDER BY r.position, r.id
            """
    }

    func applyRuleActions(_ actions: [RuleAction], of rule: Rule, conversationID: Int64, inbox: Inbox) async throws -> RuleEffects {
        var effects = RuleEffects()
        let account = inbox.accountID
        // Labels, priority and status cannot fail: they are written together with the audit entry, at the end.
        var fields = RuleFieldChanges()
        for action in actions {
            let query: PostgresQuery
            switch action {
            case .assignTeam(let team):
                query = """
                    UPDATE conversations SET team_id = \(team), assignee_id = NULL, assigned_at = NULL, updated_at = now()
                    WHERE id = \(conversationID) AND EXISTS (SELECT 1 FROM teams WHERE id = \(team) AND account_id = \(account))
                    RETURNING id
                    """
            case .assignAgent(let agent):
                query = """
                    UPDATE conversations SET assignee_id = \(agent), assigned_at = now(), updated_at = now()
                    WHERE id = \(conversationID) AND EXISTS (SELECT 1 FROM agents WHERE id = \(agent) AND account_id = \(account))
                    RETURNING id
                    """
            case .unassign:
                query = """
                    UPDATE conversations SET assignee_id = NULL, assigned_at = NULL, updated_at = now()
                    WHERE id = \(conversationID) RETURNING id
                    """
            case .addLabel, .removeLabel, .setPriority, .setStatus:
                fields.absorb(action)
                continue
            case .setCategory(let path):
                if try await setCategory(path, conversationID: conversationID, accountID: account) { continue }
                try await audit(
                    account, "rule.action_failed", conversationID,
                    ["rule_id": .number(Double(rule.id)), "action": .string(action.type),
                     "reason": .string("the category \(path) is not in the account's list")]
                )
                continue
            case .sendTemplate(let template):
                query = """
                    INSERT INTO automation_jobs (account_id, conversation_id, kind, template_id, due_at)
                    SELECT \(account), \(conversationID), 'rule_reply', id, now() FROM templates
                    WHERE id = \(template) AND account_id = \(account)
                    RETURNING id
                    """
            case .addNote(let content):
                query = """
                    INSERT INTO messages (account_id, conversation_id, inbox_id, direction, sender_type, content, private)
                    VALUES (\(account), \(conversationID), \(inbox.id), 'out', 'automation', \(content), true)
                    RETURNING id
                    """
            case .setContactAttribute(let name, let value):
                let json = PostgresStore.encodeJSON([name: value])
                query = """
                    UPDATE contacts SET attributes = CASE WHEN \(value == .null) THEN attributes - \(name)
                        ELSE attributes || \(json)::jsonb END, updated_at = now()
                    WHERE id = (SELECT contact_id FROM conversations WHERE id = \(conversationID))
                    RETURNING id
                    """
            case .escalate(let reason):
                if try await escalate(conversationID: conversationID, accountID: account, reason: reason) {
                    effects.merge(RuleEffects(unassigned: true))
                    continue
                }
                try await audit(
                    account, "rule.action_failed", conversationID,
                    ["rule_id": .number(Double(rule.id)), "action": .string(action.type),
                     "reason": .string("there is no further escalation line")]
                )
                continue
            case .stop:
                continue
            }
            var applied = false
            for try await _ in try await connection.query(query, logger: logger) { applied = true }
            if applied {
                switch action {
                case .assignAgent: effects.merge(RuleEffects(assigned: true))
                case .unassign, .assignTeam: effects.merge(RuleEffects(unassigned: true))
                case .sendTemplate: effects.replied = true
                default: break
                }
            } else {
                try await audit(
                    account, "rule.action_failed", conversationID,
                    ["rule_id": .number(Double(rule.id)), "action": .string(action.type),
                     "reason": .string("what it refers to no longer exists")]
                )
            }
        }
        if fields.status == .resolved { effects.resolved = true }
        try await fields.write(
            conversationID: conversationID, accountID: account,
            audit: PostgresStore.encodeJSON(
                ["rule_id": .number(Double(rule.id)), "rule": .string(rule.name), "actions": .array(actions.map { .string($0.type) })]
            ),
            on: connection, logger: logger
        )
        return effects
    }

    /// Moves the conversation one line up; false at the last line (or without lines).
    func escalate(conversationID: Int64, accountID: Int64, reason: String?) async throws -> Bool {
        var moved: (Int, String)?
        for try await row in try await connection.query(
            """
            WITH target AS (
                SELECT c.id, i.escalation_team_ids AS lines,
                       coalesce(array_position(i.escalation_team_ids, coalesce(c.team_id, i.team_id)), 0) AS at
                FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
                WHERE c.id = \(conversationID)
            )
            UPDATE conversations c SET team_id = t.lines[t.at + 1], assignee_id = NULL, assigned_at = NULL,
                updated_at = now()
            FROM target t
            WHERE c.id = t.id AND t.at < cardinality(t.lines)
              AND EXISTS (SELECT 1 FROM teams WHERE id = t.lines[t.at + 1] AND account_id = \(accountID))
            RETURNING t.at + 1, (SELECT name FROM teams WHERE id = c.team_id)
            """,
            logger: logger
        ).decode((Int, String).self) {
            moved = row
        }
        guard let (line, team) = moved else { return false }
        let note = "Escalated to line \(line) (\(team))" + (reason.map { ": \($0)" } ?? ".")
        try await connection.query(
            """
            INSERT INTO messages (account_id, conversation_id, inbox_id, direction, sender_type, content, private)
            SELECT account_id, id, inbox_id, 'out', 'automation', \(note), true FROM conversations WHERE id = \(conversationID)
            """,
            logger: logger
        )
        return true
    }

    func audit(_ accountID: Int64, _ action: String, _ conversationID: Int64, _ data: [String: JSONValue]) async throws {
        try await connection.query(
            """
            INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
            VALUES (\(accountID), NULL, \(action), 'conversation', \(conversationID), \(PostgresStore.encodeJSON(data))::jsonb)
            """,
            logger: logger
        )
    }
}
