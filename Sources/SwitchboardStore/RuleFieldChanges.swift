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
    /// Kept labels keep their order; added ones follow, each once.
    func statement(conversationID: Int64, accountID: Int64, audit: String) -> PostgresQuery {
        """
        WITH changed AS (
            UPDATE conversations SET
                labels = ARRAY(SELECT l FROM unnest(labels) WITH ORDINALITY k(l, n) WHERE l <> ALL (\(removed)::text[]) ORDER BY n)
                    || ARRAY(SELECT a FROM unnest(\(added)::text[]) WITH ORDINALITY x(a, n) WHERE a <> ALL (labels) ORDER BY n),
                priority = coalesce(\(priority?.rawValue), priority),
                status = coalesce(\(status?.rawValue), status),
                snoozed_until = CASE WHEN \(status?.rawValue)::text IS NULL THEN snoozed_until END,
                resolved_at = CASE WHEN \(status?.rawValue)::text IS NULL THEN resolved_at
                                   WHEN \(status?.rawValue) = 'resolved' THEN now() END,
                updated_at = now()
            WHERE id = \(conversationID) AND \(!isEmpty)
            RETURNING id
        )
        INSERT INTO audit_events (account_id, actor_id, action, subject_type, subject_id, data)
        VALUES (\(accountID), NULL, 'rule.applied', 'conversation', \(conversationID), \(audit)::jsonb)
        """
    }
}
