import Foundation

/// An agent's or integration's change of a conversation: status, assignee, team, priority, labels,
/// category, snooze. In one transaction: the change, the rules it raises (`conversation_updated`,
/// `conversation_resolved`), the farewell a resolution queues, and the audit entry. Authorization is
/// the caller's (`Principal.authorize(.changeConversation…)`), checked against the state it read.
public struct UpdateConversation: Sendable {
    let store: any ConversationChangeStore
    /// The time rules see (office hours); tests pass their own.
    let now: @Sendable () -> Date

    public init(store: any ConversationChangeStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Whether the conversation was there, and what must follow the commit.
    public func callAsFunction(
        conversationID: Int64, accountID: Int64, _ change: ConversationChange, actorID: Int64?
    ) async throws -> Outcome<Bool> {
        let moment = now()
        return try await store.withConversationTransaction { tx in
            let checked = try await Self.checkReferences(change, accountID: accountID, tx)
            guard let before = try await tx.lockConversation(id: conversationID, accountID: accountID) else {
                return Outcome(false)
            }
            let after = try await tx.applyChange(checked, to: conversationID)
            let events = RuleEvent.raised(from: before.state, to: after)
            if !events.isEmpty, let inbox = try await tx.inbox(id: before.inboxID) {
                // Rules answer the change once; what they change raises no further round.
                _ = try await RuleRunner.run(
                    events: events, conversationID: conversationID, inbox: inbox, messageContent: nil, automated: false,
                    at: moment, tx
                )
            }
            let final = try await tx.state(of: conversationID) ?? after
            if before.state.status != .resolved, final.status == .resolved {
                try await tx.queueFarewell(conversationID: conversationID)
            }
            try await tx.audit(
                accountID: accountID, actorID: actorID, action: "conversation.updated", subjectType: "conversation",
                subjectID: conversationID, data: Self.auditData(checked)
            )
            return Outcome(true, effects: Self.effects(checked, before: before.state, after: final, accountID: accountID))
        }
    }

    /// Resolving, snoozing or handing back frees someone's room; reopening or unassigning adds to the queue.
    /// Rules that ran on the change may have done any of that too.
    static func effects(
        _ change: ConversationChange, before: ConversationState, after: ConversationState, accountID: Int64
    ) -> [AfterCommit] {
        let touched = change.status != nil || change.assigneeID != nil || change.teamID != nil
        let moved = before.status != after.status || before.assigneeID != after.assigneeID || before.teamID != after.teamID
        return touched || moved ? [.assignWaiting(accountID: accountID)] : []
    }

    /// The assignee and team must be the account's; a category is stored as the account's list spells it.
    static func checkReferences(
        _ change: ConversationChange, accountID: Int64, _ tx: any ConversationTransaction
    ) async throws -> ConversationChange {
        var errors: [FieldError] = []
        if case .some(.some(let assignee)) = change.assigneeID, try await !tx.agentExists(id: assignee, accountID: accountID) {
            errors.append(FieldError(field: "assignee_id", message: "agent \(assignee) does not exist"))
        }
        if case .some(.some(let team)) = change.teamID, try await !tx.teamExists(id: team, accountID: accountID) {
            errors.append(FieldError(field: "team_id", message: "team \(team) does not exist"))
        }
        var checked = change
        if case .some(.some(let path)) = change.category {
            if let spelled = try await tx.categoryPath(path, accountID: accountID) {
                checked.category = .some(spelled)
            } else {
                errors.append(FieldError(field: "category", message: "\(path) is not in the account's category list"))
            }
        }
        if !errors.isEmpty { throw SwitchboardError.invalid(errors) }
        return checked
    }

    static func auditData(_ change: ConversationChange) -> [String: JSONValue] {
        var data: [String: JSONValue] = [:]
        if let status = change.status { data["status"] = .string(status.rawValue) }
        if let assignee = change.assigneeID { data["assignee_id"] = assignee.map { .number(Double($0)) } ?? .null }
        if let team = change.teamID { data["team_id"] = team.map { .number(Double($0)) } ?? .null }
        if let priority = change.priority { data["priority"] = .string(priority.rawValue) }
        if let labels = change.labels { data["labels"] = .array(labels.map { .string($0) }) }
        if let category = change.category { data["category"] = category.map { .string($0) } ?? .null }
        return data
    }
}
