import Foundation

/// One entry of an account's reference list of request categories. Help centers report by category
/// and sub-category, so the list is fixed by administrators and conversations may only carry its
/// entries: a top-level category ("Legal") or one of its sub-categories ("Legal/Housing").
public struct ConversationCategory: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    /// nil for a top-level category; sub-categories have no children of their own (two levels).
    public var parentID: Int64?
    public var name: String
    /// "Legal" or "Legal/Housing": what conversations and rules name.
    public var path: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, accountID: Int64, parentID: Int64?, name: String, path: String, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.parentID = parentID
        self.name = name
        self.path = path
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// How categories are named in text: "Category" or "Category/Sub-category", compared without regard
/// to case or the spaces around the slash.
public enum CategoryPath {
    public static let separator: Character = "/"
    public static let maxNameLength = 100

    /// Why the name cannot be a category's name, or nil when it can.
    public static func problem(withName name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > maxNameLength { return "must be 1 to \(maxNameLength) characters" }
        if trimmed.contains(separator) { return "must not contain \"/\" (it separates a category from its sub-category)" }
        return nil
    }

    /// The path's parts, trimmed: one (a category) or two (category, sub-category); nil when malformed.
    public static func parts(_ path: String) -> [String]? {
        let parts = path.split(separator: separator, omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= maxNameLength }) else {
            return nil
        }
        return parts
    }

    /// The path written the canonical way ("Legal / Housing" → "Legal/Housing"); nil when malformed.
    public static func normalized(_ path: String) -> String? {
        parts(path)?.joined(separator: String(separator))
    }
}

public struct NewCategory: Sendable, Equatable {
    public var name: String
    public var parentID: Int64?
    /// Sub-categories created with it, by name.
    public var subcategories: [String]

    public init(name: String, parentID: Int64?, subcategories: [String] = []) {
        self.name = name
        self.parentID = parentID
        self.subcategories = subcategories
    }
}

/// The account's category list. Paths are unique per account, whatever their case.
public protocol CategoryStore: Sendable {
    /// Every category in path order (each category followed by its sub-categories).
    func categories(accountID: Int64) async throws -> [ConversationCategory]
    func category(id: Int64, accountID: Int64) async throws -> ConversationCategory?
    /// The category a path names, case-insensitively; nil when the list has no such entry.
    func category(path: String, accountID: Int64) async throws -> ConversationCategory?
    /// Creates the category and its sub-categories together; returns them, the category first.
    /// A name taken under the same parent is a conflict; a parent that is itself a sub-category, or
    /// that does not exist, is invalid (`parent_id`).
    func createCategory(accountID: Int64, _ new: NewCategory) async throws -> [ConversationCategory]
    /// Renames it; conversations and rules that name it (or its sub-categories) follow the new name.
    func renameCategory(id: Int64, accountID: Int64, name: String) async throws -> ConversationCategory?
    /// Deletes it with its sub-categories; conversations keep the text they had. A category a rule
    /// sets cannot be deleted (a conflict naming the rules), so no saved rule names a missing category.
    func deleteCategory(id: Int64, accountID: Int64) async throws -> Bool
}
