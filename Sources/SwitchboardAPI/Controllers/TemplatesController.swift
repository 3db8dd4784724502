import Foundation
import Hummingbird
import SwitchboardCore

/// Reply templates: everyone in the account reads and uses them; admins and supervisors write them.
/// Saving compiles every body, so a broken template is a 422 naming the body and the position.
struct TemplatesController {
    static let maxBody = 20_000

    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
        group.post(use: create)
        group.get(":id") { _, context in
            try JSONBody.response(TemplateDTO(template: try await template(context)))
        }
        group.patch(":id", use: update)
        group.delete(":id") { _, context in
            let principal = try context.requirePrincipal()
            let existing = try await template(context)
            try principal.authorize(.manageTemplates)
            _ = try await deps.templates.deleteTemplate(id: existing.id, accountID: principal.accountID)
            return Response(status: .noContent)
        }
        group.post(":id/render", use: render)
    }

    func template(_ context: AppRequestContext) async throws -> ReplyTemplate {
        let principal = try context.requirePrincipal()
        let id = try pathID(context, "id", "template")
        guard let template = try await deps.templates.template(id: id, accountID: principal.accountID) else {
            throw SwitchboardError.notFound("template \(id)")
        }
        return template
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = QueryReader(request)
        let limit = try query.limit(default: 50, max: 200)
        let after = try Cursor.decode(query.string("cursor"))
        let search = query.string("q").map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if let search, search.count > 200 { throw SwitchboardError.invalid("q", "must be at most 200 characters") }
        let items = try await deps.templates.templates(
            accountID: principal.accountID, query: search.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 },
            afterID: after, limit: limit + 1
        )
        let (shown, next) = Cursor.page(items, limit: limit, id: \.id)
        return try JSONBody.response(PageDTO(items: shown.map(TemplateDTO.init), nextCursor: next))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.authorize(.manageTemplates)
        let body = try await JSONBody.decode(CreateTemplateRequest.self, from: request, context: context)
        let new = NewTemplate(
            name: body.name.trimmingCharacters(in: .whitespacesAndNewlines),
            shortcode: body.shortcode.trimmingCharacters(in: .whitespaces), category: Self.clean(body.category),
            language: body.language, body: body.body, variants: body.variants ?? [:]
        )
        var validator = Validator()
        Self.validate(name: body.name, shortcode: body.shortcode, category: body.category, language: body.language,
                      body: body.body, variants: body.variants, into: &validator)
        try validator.check()
        try Self.compile(body: new.body, variants: new.variants)
        let template = try await deps.templates.createTemplate(accountID: principal.accountID, new)
        return try JSONBody.response(TemplateDTO(template: template), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let existing = try await template(context)
        try principal.authorize(.manageTemplates)
        let body = try await JSONBody.decode(UpdateTemplateRequest.self, from: request, context: context)
        var validator = Validator()
        Self.validate(name: body.name, shortcode: body.shortcode, category: body.category.value,
                      language: body.language.value, body: body.body, variants: body.variants, into: &validator)
        try validator.check()
        try Self.compile(body: body.body ?? existing.body, variants: body.variants ?? existing.variants)
        let change = TemplateChange(
            name: body.name?.trimmingCharacters(in: .whitespacesAndNewlines),
            shortcode: body.shortcode?.trimmingCharacters(in: .whitespaces),
            category: body.category.change.map { Self.clean($0) }, language: body.language.change, body: body.body,
            variants: body.variants
        )
        guard let template = try await deps.templates.updateTemplate(id: existing.id, accountID: principal.accountID, change)
        else {
            throw SwitchboardError.notFound("template \(existing.id)")
        }
        return try JSONBody.response(TemplateDTO(template: template))
    }

    @Sendable func render(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let template = try await template(context)
        let body = try await JSONBody.decode(RenderTemplateRequest.self, from: request, context: context)
        guard let conversationID = body.conversationID else {
            throw SwitchboardError.invalid("conversation_id", "is required")
        }
        guard try await deps.conversations.conversation(id: conversationID, visibility: Visibility(principal: principal)) != nil else {
            throw SwitchboardError.invalid("conversation_id", "conversation \(conversationID) does not exist")
        }
        let rendered = try await deps.useCases.composeReply.render(
            template, conversationID: conversationID, accountID: principal.accountID, agentID: principal.agent.id
        )
        return try JSONBody.response(RenderedTemplateDTO(rendered: rendered))
    }

    static func clean(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    static func validate(
        name: String?, shortcode: String?, category: String?, language: String?, body: String?, variants: [String: String]?,
        into validator: inout Validator
    ) {
        validator.text(name, "name", max: 200)
        if let shortcode {
            let code = shortcode.trimmingCharacters(in: .whitespaces)
            if code.isEmpty || code.count > 64 || !code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
                validator.add("shortcode", "must be 1 to 64 letters, digits, '_' or '-'")
            }
        }
        if let category, category.count > 200 { validator.add("category", "must be at most 200 characters") }
        if let language, !isLanguageTag(language) { validator.add("language", "must be a language tag such as \"ru\" or \"pt-BR\"") }
        if let body {
            if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { validator.add("body", "must not be empty") }
            if body.count > maxBody { validator.add("body", "must be at most \(maxBody) characters") }
        }
        if let variants {
            if variants.count > 30 { validator.add("variants", "must have at most 30 languages") }
            for (tag, text) in variants.sorted(by: { $0.key < $1.key }) {
                if !isLanguageTag(tag) { validator.add("variants.\(tag)", "the key must be a language tag such as \"uk\"") }
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { validator.add("variants.\(tag)", "must not be empty") }
                if text.count > maxBody { validator.add("variants.\(tag)", "must be at most \(maxBody) characters") }
            }
        }
    }

    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return false
        }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    static func compile(body: String, variants: [String: String]) throws {
        var bodies: [(field: String, body: String)] = [("body", body)]
        bodies += variants.keys.sorted().map { ("variants.\($0)", variants[$0] ?? "") }
        try TemplateCompiler.validate(bodies)
    }
}
