import Foundation

/// The steps rules need from the transaction they run in: ingest's, or an agent's change of a
/// conversation. Rules always run inside the transaction of the event, so what they do commits with it.
public protocol RuleTransaction {
    /// The account's enabled rules in order, with what their conditions look at, in one round trip
    /// before the first matching rule; nil when the account has no enabled rule (then nothing is
    /// decoded). `messageContent` is the message that raised the event; without one (a conversation
    /// change) conditions see the conversation's last incoming message.
    func rulesAndFacts(
        accountID: Int64, conversationID: Int64, inbox: Inbox, messageContent: String?, now: Date
    ) async throws -> (rules: [Rule], facts: RuleFacts)?
    /// Runs one matching rule's actions; an action that cannot run (a deleted team) is recorded in the
    /// audit log and skipped, never failing the event's transaction.
    func applyRuleActions(_ actions: [RuleAction], of rule: Rule, conversationID: Int64, inbox: Inbox) async throws -> RuleEffects
}

/// The parts of a conversation whose change by an agent is a `conversation_updated` event.
public struct ConversationState: Sendable, Equatable {
    public var status: ConversationStatus
    public var assigneeID: Int64?
    public var teamID: Int64?
    public var priority: Priority
    public var labels: [String]
    public var category: String?

    public init(
        status: ConversationStatus, assigneeID: Int64?, teamID: Int64?, priority: Priority, labels: [String],
        category: String?
    ) {
        self.status = status
        self.assigneeID = assigneeID
        self.teamID = teamID
        self.priority = priority
        self.labels = labels
        self.category = category
    }
}

extension RuleEvent {
    /// The events an agent's change raises: `conversation_updated` when anything rules can see changed
    /// (labels in another order are no change), and `conversation_resolved` when it became resolved.
    public static func raised(from before: ConversationState, to after: ConversationState) -> Set<RuleEvent> {
        var events: Set<RuleEvent> = []
        if before.status != after.status || before.assigneeID != after.assigneeID || before.teamID != after.teamID
            || before.priority != after.priority || Set(before.labels) != Set(after.labels)
            || before.category != after.category
        {
            events.insert(.conversationUpdated)
        }
        if after.status == .resolved, before.status != .resolved { events.insert(.conversationResolved) }
        return events
    }
}

/// Evaluates the account's rules for one event, in order, each rule seeing what earlier ones changed.
///
/// Loops are cut by construction: what rules change never raises `conversation_updated` again — one
/// round per event. The one follow-up is `conversation_resolved`: when a round's rules resolve the
/// conversation, the rules for that event run once more, and that round raises nothing further.
public enum RuleRunner {
    public static func run(
        events: Set<RuleEvent>, conversationID: Int64, inbox: Inbox, messageContent: String?, automated: Bool,
        at moment: Date, _ tx: any RuleTransaction
    ) async throws -> RuleEffects {
        // A follow-up round needs a first one that resolved, so no listener means nothing to do.
        guard
            let (rules, found) = try await tx.rulesAndFacts(
                accountID: inbox.accountID, conversationID: conversationID, inbox: inbox, messageContent: messageContent,
                now: moment
            ),
            rules.contains(where: { $0.definition.events.contains(where: events.contains) })
        else { return RuleEffects() }
        var facts = found
        let startedResolved = facts.status == .resolved
        var effects = try await round(
            rules, events: events, facts: &facts, conversationID: conversationID, inbox: inbox, automated: automated, tx
        )
        if !events.contains(.conversationResolved), !startedResolved, facts.status == .resolved {
            let more = try await round(
                rules, events: [.conversationResolved], facts: &facts, conversationID: conversationID, inbox: inbox,
                automated: automated, tx
            )
            effects.merge(more)
        }
        effects.resolved = facts.status == .resolved && !startedResolved
        return effects
    }

    static func round(
        _ rules: [Rule], events: Set<RuleEvent>, facts: inout RuleFacts, conversationID: Int64, inbox: Inbox,
        automated: Bool, _ tx: any RuleTransaction
    ) async throws -> RuleEffects {
        var effects = RuleEffects()
        for rule in rules where RuleEngine.matches(rule, events: events, facts: facts) {
            let (actions, stops) = RuleEngine.plan(rule)
            // An automated message (an auto-reply) never gets an automated answer: no mail loops. Each
            // action is weighed after the ones before it (remove a label, then add it back).
            var allowed: [RuleAction] = []
            var after = facts
            for action in actions where !after.alreadyHolds(action) {
                if automated, case .sendTemplate = action { continue }
                allowed.append(action)
                after.apply(action)
            }
            if allowed.isEmpty {
                if stops { break }
                continue
            }
            let applied = try await tx.applyRuleActions(allowed, of: rule, conversationID: conversationID, inbox: inbox)
            effects.merge(applied)
            facts = after
            if stops { break }
        }
        return effects
    }
}
