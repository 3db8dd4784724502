import Foundation

/// An account-level routing rule: when one of its events happens and its conditions hold, its actions
/// run, in the same transaction as the event. Rules run in `position` order; `stop` ends the round.
public struct Rule: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    public var position: Int
    public var enabled: Bool
    public var definition: RuleDefinition
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, accountID: Int64, name: String, position: Int, enabled: Bool, definition: RuleDefinition,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.position = position
        self.enabled = enabled
        self.definition = definition
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What a rule reacts to, what it checks and what it does.
public struct RuleDefinition: Sendable, Equatable {
    public var events: [RuleEvent]
    /// `all`: every condition must hold; `any`: one is enough. No conditions always match.
    public var match: RuleMatch
    public var conditions: [RuleCondition]
    public var actions: [RuleAction]

    public init(events: [RuleEvent], match: RuleMatch, conditions: [RuleCondition], actions: [RuleAction]) {
        self.events = events
        self.match = match
        self.conditions = conditions
        self.actions = actions
    }
}

public enum RuleEvent: String, Sendable, Codable, CaseIterable {
    /// A customer's first message opened a new conversation.
    case conversationCreated = "conversation_created"
    /// A customer's message arrived in a conversation (new or not).
    case messageCreated = "message_created"
    /// An agent or an API client changed the conversation's status, assignee, team, priority, labels or
    /// category (once per change; what rules then change does not raise it again).
    case conversationUpdated = "conversation_updated"
    /// The conversation became resolved: by an agent, or by a rule's `set_status` (once per change).
    case conversationResolved = "conversation_resolved"
}

public enum RuleMatch: String, Sendable, Codable, CaseIterable {
    case all, any
}

/// One check: `field operator value`, e.g. `contact.attributes.age < 18`.
public struct RuleCondition: Sendable, Equatable {
    public var field: RuleField
    public var operation: RuleOperator
    public var value: JSONValue

    public init(field: RuleField, operation: RuleOperator, value: JSONValue) {
        self.field = field
        self.operation = operation
        self.value = value
    }
}

public enum RuleField: Sendable, Equatable {
    case inboxID
    case channel
    case messageContent
    case contactAttribute(String)
    case labels
    case priority
    /// Local time in the account's zone, "HH:MM".
    case timeOfDay
    /// Local weekday in the account's zone: "mon" … "sun".
    case weekday
    /// The contact had an earlier conversation.
    case contactReturning
    case status
    /// The category path, "Legal" or "Legal/Housing".
    case category

    public var name: String {
        switch self {
        case .inboxID: "inbox_id"
        case .channel: "channel"
        case .messageContent: "message.content"
        case .contactAttribute(let attribute): "contact.attributes.\(attribute)"
        case .labels: "labels"
        case .priority: "priority"
        case .timeOfDay: "time"
        case .weekday: "weekday"
        case .contactReturning: "contact.returning"
        case .status: "status"
        case .category: "category"
        }
    }

    public init?(name: String) {
        switch name {
        case "inbox_id": self = .inboxID
        case "channel": self = .channel
        case "message.content": self = .messageContent
        case "labels": self = .labels
        case "priority": self = .priority
        case "time": self = .timeOfDay
        case "weekday": self = .weekday
        case "contact.returning": self = .contactReturning
        case "status": self = .status
        case "category": self = .category
        default:
            let prefix = "contact.attributes."
            guard name.hasPrefix(prefix), name.count > prefix.count, name.count <= 100 else { return nil }
            self = .contactAttribute(String(name.dropFirst(prefix.count)))
        }
    }

    /// The operators that make sense for the field.
    public var operators: [RuleOperator] {
        switch self {
        case .inboxID, .channel, .priority, .contactReturning, .status: [.equals, .notEquals, .in]
        case .category: [.equals, .notEquals, .in, .contains, .present]
        case .messageContent: [.contains, .matches, .equals, .notEquals, .present]
        case .contactAttribute: [.equals, .notEquals, .lessThan, .greaterThan, .contains, .present, .in]
        case .labels: [.contains, .notContains]
        case .timeOfDay: [.between, .lessThan, .greaterThan]
        case .weekday: [.in, .equals, .notEquals]
        }
    }
}

public enum RuleOperator: String, Sendable, Codable, CaseIterable {
    case equals = "="
    case notEquals = "!="
    case lessThan = "<"
    case greaterThan = ">"
    case contains
    case notContains = "not_contains"
    case matches
    case present
    case between
    case `in`
}

public enum RuleAction: Sendable, Equatable {
    case assignTeam(Int64)
    case assignAgent(Int64)
    case unassign
    case addLabel(String)
    case removeLabel(String)
    case setPriority(Priority)
    case setStatus(ConversationStatus)
    /// A category of the account's reference list, by its path ("Legal/Housing").
    case setCategory(String)
    /// A reply from a template, sent by the automation scheduler in the contact's language.
    case sendTemplate(Int64)
    case addNote(String)
    case setContactAttribute(String, JSONValue)
    /// Moves the conversation to the next team of the inbox's escalation lines, unassigned, so assignment
    /// picks within that team; a private note gives the reason.
    case escalate(reason: String?)
    /// Ends the round: later rules are not evaluated.
    case stop

    public var type: String {
        switch self {
        case .assignTeam: "assign_team"
        case .assignAgent: "assign_agent"
        case .unassign: "unassign"
        case .addLabel: "add_label"
        case .removeLabel: "remove_label"
        case .setPriority: "set_priority"
        case .setStatus: "set_status"
        case .setCategory: "set_category"
        case .sendTemplate: "send_template"
        case .addNote: "add_note"
        case .setContactAttribute: "set_contact_attribute"
        case .escalate: "escalate"
        case .stop: "stop"
        }
    }
}
