import Logging
import PostgresNIO
import SwitchboardCore

/// What one rule's label, priority and status actions do to its conversation, gathered so they are
/// written in one statement together with the rule's audit entry, instead of one round trip each.
struct RuleFieldChanges {
    /// Labels to add, in order, and labels to remove; a label is in at most one of the two, the
    /// later action winning ("remove `new`, then add it back" adds it).
    var added: [String] = []
    var removed: [String] = []
    var priority: Priority?
    var status: ConversationStatus?

    mutating func absorb(_ action: RuleAction) {
        switch action {
        case .addLabel(let label):
            removed.removeAll { $0 == label }
            if !added.contains(label) { added.append(label) }
        case .removeLabel(let label):
            added.removeAll { $0 == label }
            if !removed.contains(label) { removed.append(label) }
        case .setPriority(let value): priority = value
        case .setStatus(let value): status = value
        default: break
        }
    }

    var isEmpty: Bool { added.isEmpty && removed.isEmpty && priority == nil && status == nil }

    /// Updates the conversation (when anything changes) and records `rule.applied` with `audit` as its data.
    func write(conversationID: Int64, accountID: Int64, audit: String, on connection: PostgresConnection, logger: Logger) async throws {
        var bindings = PostgresBindings()
        bindings.append(conversationID)
        bindings.append(accountID)
        bindings.append(removed)
        bindings.append(added)
        bindings.append(priority?.rawValue)
        bindings.append(status?.rawValue)
        bindings.append(!isEmpty)
        bindings.append(audit)
        _ = try await connection.rows(Statement.self, bindings, logger: logger)
    }

    /// Kept labels keep their order; added ones follow, each once. `$1` conversation, `$2` account,
    /// `$3` removed and `$4` added labels, `$5` priority, `$6` status (NULL: unchanged), `$7` whether
    /// anything changes, `$8` the audit entry's data.
    enum Statement: PreparedSQL {
        static let sql = """
            WITH changed AS (
                UPDATE conversations SET
                    labels = ARRAY(SELECT l FROM unnest(labels) WITH ORDINALITY k(l, n) WHERE l <> ALL ($3::text[]) ORDER BY n)
                        || ARRAY(SELECT a FROM unnest($4::text[]) WITH ORDINALITY x(a, n) WHERE a <> ALL (labels) ORDER BY n),
                    priority = coalesce($5::text, priority),
                    status = coalesce($6::text, status),
                    snoozed_until = CASE WHEN $6::text IS NULL THEN snoozed_until END,
                    resolved_at = CASE WHEN $6::text IS NULL THEN resolved_at WHEN $6::text = 'resolved' THEN now() END,
                    updated_at = now()
                WHERE id = $1 AND $7::boolean
                RETURNING id
            )
            INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
            VALUES ($2, NULL, 'rule.applied', 'conversation', $1, $8::jsonb)
            """
    }
}
