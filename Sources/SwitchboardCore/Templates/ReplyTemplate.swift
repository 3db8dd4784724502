import Foundation

/// A ready answer agents (and automations) send instead of typing: one body per language, so a contact
/// who writes in Ukrainian gets the Ukrainian text.
public struct ReplyTemplate: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    /// What agents type after `/` in the reply box; unique in the account.
    public var shortcode: String
    /// A folder for the knowledge base of answers, e.g. "Legal/Housing".
    public var category: String?
    /// The language of `body`, when it has one.
    public var language: String?
    /// The main text, used when no variant matches the contact's language.
    public var body: String
    /// More bodies by language tag ("ru", "uk", "en").
    public var variants: [String: String]
    /// Files sent with every reply made from the template, whatever its language.
    public var attachments: [AttachmentInfo]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, accountID: Int64, name: String, shortcode: String, category: String?, language: String?, body: String,
        variants: [String: String], attachments: [AttachmentInfo] = [], createdAt: Date, updatedAt: Date
    ) {
        self.attachments = attachments
        self.id = id
        self.accountID = accountID
        self.name = name
        self.shortcode = shortcode
        self.category = category
        self.language = language
        self.body = body
        self.variants = variants
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The body for a contact's language: the exact tag, then its primary language ("pt-BR" → "pt");
    /// else the same for the account's default language; else the main body.
    public func body(forLanguage tag: String?, fallback: String? = nil) -> (language: String?, body: String) {
        for wanted in [tag, fallback] {
            if let found = variant(for: wanted) { return found }
        }
        return (language, body)
    }

    /// The body written in `tag` or, failing that, in its primary language; nil when there is none.
    func variant(for tag: String?) -> (language: String?, body: String)? {
        guard let tag = tag?.lowercased(), !tag.isEmpty else { return nil }
        let primary = String(tag.split(separator: "-").first ?? Substring(tag))
        for candidate in [tag, primary] {
            if language?.lowercased() == candidate { return (language, body) }
            if let match = variants.first(where: { $0.key.lowercased() == candidate }) { return (match.key, match.value) }
        }
        return nil
    }
}

public struct NewTemplate: Sendable, Equatable {
    public var name: String
    public var shortcode: String
    public var category: String?
    public var language: String?
    public var body: String
    public var variants: [String: String]

    public init(name: String, shortcode: String, category: String?, language: String?, body: String, variants: [String: String]) {
        self.name = name
        self.shortcode = shortcode
        self.category = category
        self.language = language
        self.body = body
        self.variants = variants
    }
}

/// A partial update; the outer optional says whether to change a field, the inner one clears it.
public struct TemplateChange: Sendable, Equatable {
    public var name: String?
    public var shortcode: String?
    public var category: String??
    public var language: String??
    public var body: String?
    public var variants: [String: String]?

    public init(
        name: String? = nil, shortcode: String? = nil, category: String?? = nil, language: String?? = nil,
        body: String? = nil, variants: [String: String]? = nil
    ) {
        self.name = name
        self.shortcode = shortcode
        self.category = category
        self.language = language
        self.body = body
        self.variants = variants
    }
}
