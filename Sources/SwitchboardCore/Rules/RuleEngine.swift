import Foundation

/// What the rules may look at, read once per event (no database round trip per condition).
public struct RuleFacts: Sendable, Equatable {
    public var inboxID: Int64
    public var channel: ChannelKind
    public var messageContent: String?
    public var contactAttributes: [String: JSONValue]
    public var labels: [String]
    public var priority: Priority
    public var returningContact: Bool
    public var now: Date
    public var timeZone: String
    public var status: ConversationStatus
    public var category: String?

    public init(
        inboxID: Int64, channel: ChannelKind, messageContent: String?, contactAttributes: [String: JSONValue],
        labels: [String], priority: Priority, returningContact: Bool, now: Date, timeZone: String,
        status: ConversationStatus = .open, category: String? = nil
    ) {
        self.status = status
        self.category = category
        self.inboxID = inboxID
        self.channel = channel
        self.messageContent = messageContent
        self.contactAttributes = contactAttributes
        self.labels = labels
        self.priority = priority
        self.returningContact = returningContact
        self.now = now
        self.timeZone = timeZone
    }
}

/// What the applied actions changed, so the rest of the event knows (no assignment after a rule
/// resolved or assigned the conversation, no greeting after a rule replied).
public struct RuleEffects: Sendable, Equatable {
    public var resolved = false
    public var assigned = false
    public var replied = false
    /// The conversation lost its agent (unassign, another team, escalation) and has not got one back.
    public var unassigned = false

    public init(resolved: Bool = false, assigned: Bool = false, replied: Bool = false, unassigned: Bool = false) {
        self.resolved = resolved
        self.assigned = assigned
        self.replied = replied
        self.unassigned = unassigned
    }

    /// These effects followed by `later`'s: the last change of the agent is the one that holds.
    public mutating func merge(_ later: RuleEffects) {
        resolved = resolved || later.resolved
        replied = replied || later.replied
        if later.assigned || later.unassigned {
            assigned = later.assigned
            unassigned = later.unassigned
        }
    }
}

extension RuleFacts {
    /// Whether the action would change nothing (the label is there, the priority already set), so it
    /// costs no write and no audit entry — rules matching every message stay cheap.
    public func alreadyHolds(_ action: RuleAction) -> Bool {
        switch action {
        case .addLabel(let label): labels.contains(label)
        case .removeLabel(let label): !labels.contains(label)
        case .setPriority(let value): priority == value
        case .setStatus(let value): status == value
        case .setCategory(let path): category?.caseInsensitiveCompare(path) == .orderedSame
        case .setContactAttribute(let name, let value): contactAttributes[name] == value
        default: false
        }
    }

    /// Later rules see what earlier ones changed.
    public mutating func apply(_ action: RuleAction) {
        switch action {
        case .addLabel(let label): if !labels.contains(label) { labels.append(label) }
        case .removeLabel(let label): labels.removeAll { $0 == label }
        case .setPriority(let value): priority = value
        case .setStatus(let value): status = value
        case .setCategory(let path): category = path
        case .setContactAttribute(let name, let value): contactAttributes[name] = value
        default: break
        }
    }
}

/// Evaluates rules in order; linear in the number of rules and conditions.
public enum RuleEngine {
    /// Whether the rule reacts to one of `events` and its conditions hold.
    public static func matches(_ rule: Rule, events: Set<RuleEvent>, facts: RuleFacts) -> Bool {
        rule.enabled && rule.definition.events.contains(where: events.contains) && holds(rule.definition, facts)
    }

    /// The actions to run for a matching rule (those before a `stop`), and whether it stops the round.
    public static func plan(_ rule: Rule) -> (actions: [RuleAction], stops: Bool) {
        (Array(rule.definition.actions.prefix { $0 != .stop }), rule.definition.actions.contains(.stop))
    }

    static func holds(_ definition: RuleDefinition, _ facts: RuleFacts) -> Bool {
        let conditions = definition.conditions
        if conditions.isEmpty { return true }
        switch definition.match {
        case .all: return conditions.allSatisfy { holds($0, facts) }
        case .any: return conditions.contains { holds($0, facts) }
        }
    }

    static func holds(_ condition: RuleCondition, _ facts: RuleFacts) -> Bool {
        let value = condition.value
        switch condition.field {
        case .inboxID:
            return compare(.number(Double(facts.inboxID)), condition.operation, value)
        case .channel:
            return compare(.string(facts.channel.rawValue), condition.operation, value)
        case .priority:
            return compare(.string(facts.priority.rawValue), condition.operation, value)
        case .status:
            return compare(.string(facts.status.rawValue), condition.operation, value)
        case .category:
            return compare(facts.category.map { .string($0) }, condition.operation, value)
        case .contactReturning:
            return compare(.bool(facts.returningContact), condition.operation, value)
        case .messageContent:
            return compare(facts.messageContent.map { .string($0) }, condition.operation, value)
        case .contactAttribute(let name):
            return compare(facts.contactAttributes[name], condition.operation, value)
        case .labels:
            let label = value.stringValue?.lowercased() ?? ""
            let present = facts.labels.contains { $0.lowercased() == label }
            return condition.operation == .contains ? present : !present
        case .timeOfDay:
            let minutes = localMinutes(facts.now, facts.timeZone)
            return compareTime(minutes, condition.operation, value)
        case .weekday:
            return compare(.string(localWeekday(facts.now, facts.timeZone)), condition.operation, value)
        }
    }

    /// `actual` may be missing (an attribute the contact does not have): only `!=` holds then.
    static func compare(_ actual: JSONValue?, _ operation: RuleOperator, _ expected: JSONValue) -> Bool {
        guard let actual, actual != .null else { return operation == .notEquals }
        switch operation {
        case .present:
            if case .string(let text) = actual { return !text.trimmingCharacters(in: .whitespaces).isEmpty }
            return true
        case .equals: return same(actual, expected)
        case .notEquals: return !same(actual, expected)
        case .in:
            guard case .array(let options) = expected else { return false }
            return options.contains { same(actual, $0) }
        case .lessThan, .greaterThan:
            guard let a = number(actual), let b = number(expected) else { return false }
            return operation == .lessThan ? a < b : a > b
        case .contains:
            guard let text = text(actual), let part = expected.stringValue else { return false }
            return text.range(of: part, options: [.caseInsensitive, .diacriticInsensitive]) != nil
        case .notContains:
            guard let text = text(actual), let part = expected.stringValue else { return true }
            return text.range(of: part, options: [.caseInsensitive, .diacriticInsensitive]) == nil
        case .matches:
            guard let text = text(actual), let pattern = expected.stringValue else { return false }
            return BoundedRegex.matches(pattern, in: text)
        case .between:
            return false
        }
    }

    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        if let x = text(a), let y = text(b) { return x.caseInsensitiveCompare(y) == .orderedSame }
        return a == b
    }

    /// Numbers, and strings that are numbers ("16" from a web form).
    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number): number
        case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number.rounded() == number ? String(Int64(number)) : String(number)
        case .bool(let flag): String(flag)
        default: nil
        }
    }

    static func compareTime(_ minutes: Int, _ operation: RuleOperator, _ value: JSONValue) -> Bool {
        switch operation {
        case .between:
            guard case .array(let bounds) = value, bounds.count == 2,
                let from = bounds[0].stringValue.flatMap(parseTime), let to = bounds[1].stringValue.flatMap(parseTime)
            else { return false }
            // "22:00"–"06:00" spans midnight.
            return from <= to ? (from <= minutes && minutes < to) : (minutes >= from || minutes < to)
        case .lessThan, .greaterThan:
            guard let bound = value.stringValue.flatMap(parseTime) else { return false }
            return operation == .lessThan ? minutes < bound : minutes > bound
        default:
            return false
        }
    }

    /// "HH:MM" → minutes after midnight.
    public static func parseTime(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...23).contains(hours),
            (0...59).contains(minutes), parts[1].count == 2
        else { return nil }
        return hours * 60 + minutes
    }

    public static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    static func calendar(_ timeZone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }

    static func localMinutes(_ date: Date, _ timeZone: String) -> Int {
        let parts = calendar(timeZone).dateComponents([.hour, .minute], from: date)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }

    static func localWeekday(_ date: Date, _ timeZone: String) -> String {
        let index = calendar(timeZone).component(.weekday, from: date) - 1
        return weekdays[max(0, min(6, index))]
    }
}
