import Foundation
import Hummingbird
import SwitchboardCore

/// `{name, position?, enabled?, events, match?, conditions?, actions}`; in a PATCH every key is optional
/// and the definition keys given replace the stored ones.
struct RuleRequest: Decodable {
    var name: String?
    var position: Int?
    var enabled: Bool?
    var events: JSONValue?
    var match: JSONValue?
    var conditions: JSONValue?
    var actions: JSONValue?

    var touchesDefinition: Bool { events != nil || match != nil || conditions != nil || actions != nil }
}

struct RuleDTO: Encodable {
    var rule: Rule

    enum CodingKeys: String, CodingKey {
        case id, name, position, enabled, events, match, conditions, actions
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let json = RuleCoding.json(rule.definition)
        try container.encode(rule.id, forKey: .id)
        try container.encode(rule.name, forKey: .name)
        try container.encode(rule.position, forKey: .position)
        try container.encode(rule.enabled, forKey: .enabled)
        try container.encode(json["events"], forKey: .events)
        try container.encode(json["match"], forKey: .match)
        try container.encode(json["conditions"], forKey: .conditions)
        try container.encode(json["actions"], forKey: .actions)
        try container.encode(rule.createdAt, forKey: .createdAt)
        try container.encode(rule.updatedAt, forKey: .updatedAt)
    }
}

/// Routing rules of the account: everyone may read them; admins and supervisors change them. A rule
/// naming an unknown field, operator, team, agent, template or category is refused with a 422 naming
/// that part.
struct RulesController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get { _, context in
            let principal = try context.requirePrincipal()
            return try JSONBody.response(ListDTO(items: try await deps.rules.rules(accountID: principal.accountID).map(RuleDTO.init)))
        }
        group.post(use: create)
        group.get(":id") { _, context in
            try JSONBody.response(RuleDTO(rule: try await rule(context)))
        }
        group.patch(":id", use: update)
        group.delete(":id") { _, context in
            let principal = try context.requirePrincipal()
            let existing = try await rule(context)
            try principal.authorize(.manageRules)
            _ = try await deps.rules.deleteRule(id: existing.id, accountID: principal.accountID)
            return Response(status: .noContent)
        }
    }

    func rule(_ context: AppRequestContext) async throws -> Rule {
        let principal = try context.requirePrincipal()
        let id = try pathID(context, "id", "rule")
        guard let rule = try await deps.rules.rule(id: id, accountID: principal.accountID) else {
            throw SwitchboardError.notFound("rule \(id)")
        }
        return rule
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.authorize(.manageRules)
        let body = try await JSONBody.decode(RuleRequest.self, from: request, context: context)
        var validator = Validator()
        validator.text(body.name, "name", max: 200, required: true)
        validator.range(body.position, "position", 0...1_000_000)
        try validator.check()
        let definition = try await checkReferences(
            try RuleCoding.definition(events: body.events, match: body.match, conditions: body.conditions, actions: body.actions),
            principal
        )
        let rule = try await deps.rules.createRule(
            accountID: principal.accountID,
            NewRule(
                name: (body.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines), position: body.position,
                enabled: body.enabled ?? true, definition: definition
            )
        )
        return try JSONBody.response(RuleDTO(rule: rule), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let existing = try await rule(context)
        try principal.authorize(.manageRules)
        let body = try await JSONBody.decode(RuleRequest.self, from: request, context: context)
        var validator = Validator()
        validator.text(body.name, "name", max: 200)
        validator.range(body.position, "position", 0...1_000_000)
        try validator.check()
        var definition: RuleDefinition?
        if body.touchesDefinition {
            let current = RuleCoding.json(existing.definition)
            let merged = try RuleCoding.definition(
                events: body.events ?? current["events"], match: body.match ?? current["match"],
                conditions: body.conditions ?? current["conditions"], actions: body.actions ?? current["actions"]
            )
            definition = try await checkReferences(merged, principal)
        }
        let change = RuleChange(
            name: body.name?.trimmingCharacters(in: .whitespacesAndNewlines), position: body.position,
            enabled: body.enabled, definition: definition
        )
        guard let rule = try await deps.rules.updateRule(id: existing.id, accountID: principal.accountID, change) else {
            throw SwitchboardError.notFound("rule \(existing.id)")
        }
        return try JSONBody.response(RuleDTO(rule: rule))
    }

    /// Checks that what the actions name exists; returns the definition with categories spelled as the
    /// account's list spells them.
    func checkReferences(_ definition: RuleDefinition, _ principal: Principal) async throws -> RuleDefinition {
        var validator = Validator()
        for reference in RuleCoding.references(definition)
        where try await !deps.rules.referenceExists(kind: reference.kind, id: reference.id, accountID: principal.accountID) {
            validator.add(reference.path, "\(reference.kind) \(reference.id) does not exist")
        }
        var checked = definition
        for (index, action) in definition.actions.enumerated() {
            guard case .setCategory(let path) = action else { continue }
            if let category = try await deps.categories.category(path: path, accountID: principal.accountID) {
                checked.actions[index] = .setCategory(category.path)
            } else {
                validator.add("actions[\(index)].category", "\(path) is not in the account's category list")
            }
        }
        try validator.check()
        return checked
    }
}
