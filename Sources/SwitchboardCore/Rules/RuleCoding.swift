import Foundation

/// Rules in their JSON form — what the API takes and shows and what the store keeps — and the checks
/// that make a saved rule always evaluable: every unknown field, operator, value or action is reported
/// with its path (`conditions[1].operator`).
public enum RuleCoding {
    /// `checkingValues: false` reads a definition that was checked when it was saved, without compiling
    /// its regular expressions again (rules are read on every ingest).
    public static func definition(
        events: JSONValue?, match: JSONValue?, conditions: JSONValue?, actions: JSONValue?, checkingValues: Bool = true
    ) throws(SwitchboardError) -> RuleDefinition {
        var errors: [FieldError] = []
        func fail(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }

        var parsedEvents: [RuleEvent] = []
        if case .array(let items)? = events, !items.isEmpty {
            for (index, item) in items.enumerated() {
                if let event = item.stringValue.flatMap(RuleEvent.init(rawValue:)) {
                    parsedEvents.append(event)
                } else {
                    fail("events[\(index)]", "must be one of \(RuleEvent.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
        } else {
            fail("events", "must list at least one event")
        }

        var parsedMatch = RuleMatch.all
        if let match, match != .null {
            if let value = match.stringValue.flatMap(RuleMatch.init(rawValue:)) { parsedMatch = value } else {
                fail("match", "must be all or any")
            }
        }

        var parsedConditions: [RuleCondition] = []
        switch conditions {
        case nil, .null?: break
        case .array(let items)?:
            if items.count > 50 { fail("conditions", "must have at most 50 conditions") }
            for (index, item) in items.enumerated() {
                if let condition = condition(item, path: "conditions[\(index)]", checkingValue: checkingValues, fail) {
                    parsedConditions.append(condition)
                }
            }
        default: fail("conditions", "must be a list")
        }

        var parsedActions: [RuleAction] = []
        if case .array(let items)? = actions, !items.isEmpty {
            if items.count > 20 { fail("actions", "must have at most 20 actions") }
            for (index, item) in items.enumerated() {
                if let action = action(item, path: "actions[\(index)]", fail) { parsedActions.append(action) }
            }
        } else {
            fail("actions", "must list at least one action")
        }

        if !errors.isEmpty { throw .invalid(errors) }
        return RuleDefinition(events: parsedEvents, match: parsedMatch, conditions: parsedConditions, actions: parsedActions)
    }

    static func condition(
        _ item: JSONValue, path: String, checkingValue: Bool, _ fail: (String, String) -> Void
    ) -> RuleCondition? {
        guard case .object(let fields) = item else {
            fail(path, "must be an object {field, operator, value}")
            return nil
        }
        guard let name = fields["field"]?.stringValue, let field = RuleField(name: name) else {
            fail("\(path).field", "unknown field; use inbox_id, channel, message.content, contact.attributes.<name>, labels, priority, status, category, time, weekday or contact.returning")
            return nil
        }
        guard let operation = fields["operator"]?.stringValue.flatMap(RuleOperator.init(rawValue:)),
            field.operators.contains(operation)
        else {
            fail("\(path).operator", "\(field.name) takes \(field.operators.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        let value = fields["value"] ?? .null
        if checkingValue, let problem = problem(with: value, for: field, operation) {
            fail("\(path).value", problem)
            return nil
        }
        return RuleCondition(field: field, operation: operation, value: value)
    }

    /// Why `value` cannot be compared with the field by the operator, or nil when it can.
    static func problem(with value: JSONValue, for field: RuleField, _ operation: RuleOperator) -> String? {
        switch operation {
        case .present: return nil
        case .in:
            guard case .array(let items) = value, !items.isEmpty else { return "must be a non-empty list" }
            for item in items { if let problem = problem(with: item, for: field, .equals) { return problem } }
            return nil
        case .between:
            guard case .array(let bounds) = value, bounds.count == 2,
                bounds.allSatisfy({ $0.stringValue.flatMap(RuleEngine.parseTime) != nil })
            else { return "must be two times [\"HH:MM\", \"HH:MM\"]" }
            return nil
        case .matches:
            guard let pattern = value.stringValue else { return "must be a regular expression (a string)" }
            return BoundedRegex.problem(with: pattern)
        default: break
        }
        switch field {
        case .inboxID:
            return RuleEngine.number(value) == nil ? "must be an inbox id" : nil
        case .channel:
            return value.stringValue.flatMap(ChannelKind.init(rawValue:)) == nil
                ? "must be one of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))" : nil
        case .priority:
            return value.stringValue.flatMap(Priority.init(rawValue:)) == nil
                ? "must be one of \(Priority.allCases.map(\.rawValue).joined(separator: ", "))" : nil
        case .status:
            return value.stringValue.flatMap(ConversationStatus.init(rawValue:)) == nil
                ? "must be one of \(ConversationStatus.allCases.map(\.rawValue).joined(separator: ", "))" : nil
        case .category:
            return value.stringValue?.trimmingCharacters(in: .whitespaces).isEmpty == false ? nil : "must be a non-empty text"
        case .contactReturning:
            if case .bool = value { return nil }
            return "must be true or false"
        case .weekday:
            return value.stringValue.map { RuleEngine.weekdays.contains($0) } == true ? nil : "must be mon, tue, wed, thu, fri, sat or sun"
        case .timeOfDay:
            return value.stringValue.flatMap(RuleEngine.parseTime) == nil ? "must be a time \"HH:MM\"" : nil
        case .labels, .messageContent:
            return value.stringValue?.isEmpty == false ? nil : "must be a non-empty text"
        case .contactAttribute:
            if operation == .lessThan || operation == .greaterThan {
                return RuleEngine.number(value) == nil ? "must be a number" : nil
            }
            switch value {
            case .string, .number, .bool: return nil
            default: return "must be a text, a number or true/false"
            }
        }
    }

    static func action(_ item: JSONValue, path: String, _ fail: (String, String) -> Void) -> RuleAction? {
        guard case .object(let fields) = item, let type = fields["type"]?.stringValue else {
            fail("\(path).type", "is required")
            return nil
        }
        func id(_ key: String) -> Int64? {
            guard let number = fields[key].flatMap(RuleEngine.number), number >= 1, number < 9e15,
                number.rounded() == number
            else {
                fail("\(path).\(key)", "must be an id")
                return nil
            }
            return Int64(number)
        }
        func text(_ key: String, max: Int) -> String? {
            guard let value = fields[key]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty,
                value.count <= max
            else {
                fail("\(path).\(key)", "must be 1 to \(max) characters")
                return nil
            }
            return value
        }
        switch type {
        case "assign_team": return id("team_id").map { .assignTeam($0) }
        case "assign_agent": return id("agent_id").map { .assignAgent($0) }
        case "unassign": return .unassign
        case "add_label": return text("label", max: 100).map { .addLabel($0) }
        case "remove_label": return text("label", max: 100).map { .removeLabel($0) }
        case "set_priority":
            guard let priority = fields["priority"]?.stringValue.flatMap(Priority.init(rawValue:)) else {
                fail("\(path).priority", "must be one of \(Priority.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            return .setPriority(priority)
        case "set_status":
            guard let status = fields["status"]?.stringValue.flatMap(ConversationStatus.init(rawValue:)), status != .snoozed else {
                fail("\(path).status", "must be open, pending or resolved")
                return nil
            }
            return .setStatus(status)
        case "set_category":
            guard let path = fields["category"]?.stringValue.flatMap(CategoryPath.normalized) else {
                fail("\(path).category", "must name a category: \"Category\" or \"Category/Sub-category\"")
                return nil
            }
            return .setCategory(path)
        case "send_template": return id("template_id").map { .sendTemplate($0) }
        case "add_note": return text("content", max: 20_000).map { .addNote($0) }
        case "set_contact_attribute":
            guard let name = text("name", max: 100) else { return nil }
            switch fields["value"] {
            case .string?, .number?, .bool?, .null?: return .setContactAttribute(name, fields["value"] ?? .null)
            default:
                fail("\(path).value", "must be a text, a number, true/false or null")
                return nil
            }
        case "escalate":
            if fields["reason"] == nil || fields["reason"] == .null { return .escalate(reason: nil) }
            return text("reason", max: 1000).map { .escalate(reason: $0) }
        case "stop": return .stop
        default:
            fail(
                "\(path).type",
                "unknown action; use assign_team, assign_agent, unassign, add_label, remove_label, set_priority, set_status, set_category, send_template, add_note, set_contact_attribute, escalate or stop"
            )
            return nil
        }
    }

    // MARK: - To JSON

    public static func json(_ definition: RuleDefinition) -> [String: JSONValue] {
        [
            "events": .array(definition.events.map { .string($0.rawValue) }),
            "match": .string(definition.match.rawValue),
            "conditions": .array(
                definition.conditions.map {
                    .object(["field": .string($0.field.name), "operator": .string($0.operation.rawValue), "value": $0.value])
                }
            ),
            "actions": .array(definition.actions.map { .object(json($0)) }),
        ]
    }

    static func json(_ action: RuleAction) -> [String: JSONValue] {
        var fields: [String: JSONValue] = ["type": .string(action.type)]
        switch action {
        case .assignTeam(let id): fields["team_id"] = .number(Double(id))
        case .assignAgent(let id): fields["agent_id"] = .number(Double(id))
        case .addLabel(let label), .removeLabel(let label): fields["label"] = .string(label)
        case .setPriority(let priority): fields["priority"] = .string(priority.rawValue)
        case .setStatus(let status): fields["status"] = .string(status.rawValue)
        case .setCategory(let path): fields["category"] = .string(path)
        case .sendTemplate(let id): fields["template_id"] = .number(Double(id))
        case .addNote(let content): fields["content"] = .string(content)
        case .setContactAttribute(let name, let value):
            fields["name"] = .string(name)
            fields["value"] = value
        case .escalate(let reason): fields["reason"] = reason.map { .string($0) } ?? .null
        case .unassign, .stop: break
        }
        return fields
    }

    /// Reads a stored definition back (it was valid when saved).
    public static func stored(_ json: [String: JSONValue]) -> RuleDefinition? {
        try? definition(
            events: json["events"], match: json["match"], conditions: json["conditions"], actions: json["actions"],
            checkingValues: false
        )
    }

    /// Ids the actions refer to, with their paths, for the existence checks done at save time.
    public static func references(_ definition: RuleDefinition) -> [(path: String, kind: String, id: Int64)] {
        // An inbox condition must name an inbox of the account: another account's id would never match,
        // and the rule would look active while doing nothing.
        let inboxes: [(path: String, kind: String, id: Int64)] = definition.conditions.enumerated().flatMap { index, condition in
            guard condition.field == .inboxID else { return [(path: String, kind: String, id: Int64)]() }
            let values: [JSONValue] = if case .array(let items) = condition.value { items } else { [condition.value] }
            return values.compactMap { value in
                RuleEngine.number(value).flatMap { Int64(exactly: $0) }.map { ("conditions[\(index)].value", "inbox", $0) }
            }
        }
        return inboxes + definition.actions.enumerated().compactMap { index, action in
            switch action {
            case .assignTeam(let id): ("actions[\(index)].team_id", "team", id)
            case .assignAgent(let id): ("actions[\(index)].agent_id", "agent", id)
            case .sendTemplate(let id): ("actions[\(index)].template_id", "template", id)
            default: nil
            }
        }
    }
}
