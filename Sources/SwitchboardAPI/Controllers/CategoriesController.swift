import Foundation
import Hummingbird
import SwitchboardCore

/// `{name, parent_id?, subcategories?}`: a top-level category (optionally with its sub-categories by
/// name), or a sub-category of `parent_id`.
struct CreateCategoryRequest: Decodable {
    var name: String?
    var parentID: Int64?
    var subcategories: [String]?

    enum CodingKeys: String, CodingKey {
        case name, subcategories
        case parentID = "parent_id"
    }
}

struct RenameCategoryRequest: Decodable {
    var name: String?
}

/// A category with its sub-categories, as the reference list is shown: a tree of two levels.
struct CategoryDTO: Encodable {
    var category: ConversationCategory
    var subcategories: [CategoryDTO]

    enum CodingKeys: String, CodingKey {
        case id, name, path, subcategories
        case parentID = "parent_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(category.id, forKey: .id)
        try container.encode(category.name, forKey: .name)
        try container.encode(category.path, forKey: .path)
        try container.encode(category.parentID, forKey: .parentID)
        try container.encode(subcategories, forKey: .subcategories)
        try container.encode(category.createdAt, forKey: .createdAt)
        try container.encode(category.updatedAt, forKey: .updatedAt)
    }

    /// The tree of a list in path order (the store's order).
    static func tree(_ list: [ConversationCategory]) -> [CategoryDTO] {
        let children = Dictionary(grouping: list.filter { $0.parentID != nil }, by: { $0.parentID ?? 0 })
        return list.filter { $0.parentID == nil }.map { node($0, children) }
    }

    static func node(_ category: ConversationCategory, _ children: [Int64: [ConversationCategory]]) -> CategoryDTO {
        CategoryDTO(category: category, subcategories: (children[category.id] ?? []).map { CategoryDTO(category: $0, subcategories: []) })
    }
}

/// The account's reference list of categories and sub-categories, which conversations (by hand or by a
/// rule's `set_category`) may carry. Everyone reads it, to pick from it; admins keep it.
struct CategoriesController {
    let deps: APIDependencies

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get { _, context in
            let principal = try context.requirePrincipal()
            return try JSONBody.response(
                ListDTO(items: CategoryDTO.tree(try await deps.categories.categories(accountID: principal.accountID)))
            )
        }
        group.post(use: create)
        group.get(":id") { _, context in
            try JSONBody.response(try await shown(try await category(context), context))
        }
        group.patch(":id", use: rename)
        group.delete(":id") { _, context in
            let principal = try context.requirePrincipal()
            let existing = try await category(context)
            try principal.authorize(.manageCategories)
            _ = try await deps.categories.deleteCategory(id: existing.id, accountID: principal.accountID)
            return Response(status: .noContent)
        }
    }

    func category(_ context: AppRequestContext) async throws -> ConversationCategory {
        let principal = try context.requirePrincipal()
        let id = try pathID(context, "id", "category")
        guard let category = try await deps.categories.category(id: id, accountID: principal.accountID) else {
            throw SwitchboardError.notFound("category \(id)")
        }
        return category
    }

    func shown(_ category: ConversationCategory, _ context: AppRequestContext) async throws -> CategoryDTO {
        let principal = try context.requirePrincipal()
        guard category.parentID == nil else { return CategoryDTO(category: category, subcategories: []) }
        let list = try await deps.categories.categories(accountID: principal.accountID)
        return CategoryDTO.node(category, [category.id: list.filter { $0.parentID == category.id }])
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.authorize(.manageCategories)
        let body = try await JSONBody.decode(CreateCategoryRequest.self, from: request, context: context)
        var validator = Validator()
        let name = (body.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if body.name == nil {
            validator.add("name", "is required")
        } else if let problem = CategoryPath.problem(withName: name) {
            validator.add("name", problem)
        }
        if let parentID = body.parentID, parentID < 1 { validator.add("parent_id", "must be a category id") }
        let subcategories = (body.subcategories ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if body.parentID != nil, !subcategories.isEmpty {
            validator.add("subcategories", "a sub-category has no sub-categories of its own")
        }
        if subcategories.count > 200 { validator.add("subcategories", "must list at most 200 names") }
        var seen = Set<String>()
        for (index, sub) in subcategories.enumerated() {
            if let problem = CategoryPath.problem(withName: sub) {
                validator.add("subcategories[\(index)]", problem)
            } else if !seen.insert(sub.lowercased()).inserted {
                validator.add("subcategories[\(index)]", "is listed twice")
            }
        }
        try validator.check()
        let created = try await deps.categories.createCategory(
            accountID: principal.accountID, NewCategory(name: name, parentID: body.parentID, subcategories: subcategories)
        )
        guard let first = created.first else { throw SwitchboardError.storeUnavailable }
        return try JSONBody.response(
            CategoryDTO(category: first, subcategories: created.dropFirst().map { CategoryDTO(category: $0, subcategories: []) }),
            status: .created
        )
    }

    @Sendable func rename(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let existing = try await category(context)
        try principal.authorize(.manageCategories)
        let body = try await JSONBody.decode(RenameCategoryRequest.self, from: request, context: context)
        guard let given = body.name else { return try JSONBody.response(try await shown(existing, context)) }
        let name = given.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = CategoryPath.problem(withName: name) { throw SwitchboardError.invalid("name", problem) }
        guard let renamed = try await deps.categories.renameCategory(id: existing.id, accountID: principal.accountID, name: name)
        else {
            throw SwitchboardError.notFound("category \(existing.id)")
        }
        return try JSONBody.response(try await shown(renamed, context))
    }
}
