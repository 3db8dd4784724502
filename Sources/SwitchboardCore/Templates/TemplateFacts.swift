import Foundation

/// Everything a template may mention about one conversation, read in one go before rendering.
public struct TemplateFacts: Sendable, Equatable {
    public var contactName: String
    public var contactLanguage: String?
    public var contactAttributes: [String: JSONValue]
    public var agentName: String?
    public var inboxName: String
    public var channel: ChannelKind
    public var conversationID: Int64
    public var queuePosition: Int?
    public var estimatedWaitMinutes: Int?
    public var accountName: String
    public var timeZone: String
    /// The account's default language: the variant for contacts whose own language has none.
    public var accountLanguage: String?
    /// The key the conversation's rating links are signed with (its inbox's uid).
    public var ratingKey: String?
    /// How this server is reached from outside, for links in messages; set by whoever renders.
    public var publicBaseURL: String?

    public init(
        contactName: String, contactLanguage: String?, contactAttributes: [String: JSONValue], agentName: String?,
        inboxName: String, channel: ChannelKind, conversationID: Int64, queuePosition: Int?, estimatedWaitMinutes: Int?,
        accountName: String, timeZone: String, accountLanguage: String? = nil, ratingKey: String? = nil,
        publicBaseURL: String? = nil
    ) {
        self.ratingKey = ratingKey
        self.publicBaseURL = publicBaseURL
        self.accountLanguage = accountLanguage
        self.contactName = contactName
        self.contactLanguage = contactLanguage
        self.contactAttributes = contactAttributes
        self.agentName = agentName
        self.inboxName = inboxName
        self.channel = channel
        self.conversationID = conversationID
        self.queuePosition = queuePosition
        self.estimatedWaitMinutes = estimatedWaitMinutes
        self.accountName = accountName
        self.timeZone = timeZone
    }
}

/// The variables templates may use, and the values they get.
///
/// A missing value is left out of the context, so `{{contact.first_name}}` renders empty and
/// `{{^contact.first_name}}friend{{/contact.first_name}}` gives the default.
public enum TemplateVariables {
    /// Every name a template may mention; `contact.attributes.*` is open-ended.
    public static let known: Set<String> = [
        "contact", "contact.name", "contact.first_name", "contact.attributes",
        "agent", "agent.name", "agent.first_name",
        "inbox", "inbox.name",
        "conversation", "conversation.id", "conversation.display_id",
        "queue", "queue.position", "queue.estimated_wait_minutes",
        "account", "account.name",
        "now",
        "survey", "survey.rating_url_1", "survey.rating_url_2", "survey.rating_url_3", "survey.rating_url_4",
        "survey.rating_url_5",
    ]

    /// Names that hold other names: usable as sections (`{{#agent}}…{{/agent}}`), never printed.
    public static let groups: Set<String> = ["contact", "contact.attributes", "agent", "inbox", "conversation", "queue", "account", "survey"]

    public static func isKnown(_ name: String) -> Bool {
        known.contains(name) || name.hasPrefix("contact.attributes.")
    }

    /// The rendering context for swift-mustache: nested dictionaries of strings, numbers and booleans.
    public static func context(_ facts: TemplateFacts, now: Date) -> [String: Any] {
        var contact: [String: Any] = ["attributes": facts.contactAttributes.filter { $0.value != .null }.mapValues(plain)]
        if !ContactNaming.isAnonymous(facts.contactName) {
            contact["name"] = facts.contactName
            contact["first_name"] = firstName(facts.contactName)
        }
        var context: [String: Any] = [
            "contact": contact,
            "inbox": ["name": facts.inboxName],
            "conversation": ["id": facts.conversationID, "display_id": "#\(facts.conversationID)"],
            "account": ["name": facts.accountName],
            "now": format(now, timeZone: facts.timeZone),
        ]
        if let agent = facts.agentName {
            context["agent"] = ["name": agent, "first_name": firstName(agent)]
        }
        var queue: [String: Any] = [:]
        if let position = facts.queuePosition { queue["position"] = position }
        if let wait = facts.estimatedWaitMinutes { queue["estimated_wait_minutes"] = wait }
        if !queue.isEmpty { context["queue"] = queue }
        if let key = facts.ratingKey, let base = facts.publicBaseURL {
            context["survey"] = Dictionary(uniqueKeysWithValues: (1...5).map {
                ("rating_url_\($0)", RatingLink(conversationID: facts.conversationID, rating: $0).url(base: base, key: key))
            })
        }
        return context
    }

    static func firstName(_ name: String) -> String {
        String(name.split(whereSeparator: \.isWhitespace).first ?? Substring(name))
    }

    /// "2026-11-23 14:05" in the account's zone (UTC when the zone is unknown).
    static func format(_ date: Date, timeZone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
    }

    /// JSON values as mustache sees them; whole numbers without a trailing ".0".
    static func plain(_ value: JSONValue) -> Any {
        switch value {
        case .string(let text): text
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? Int64(number) as Any : number
        case .bool(let flag): flag
        case .array(let items): items.map(plain)
        case .object(let fields): fields.mapValues(plain)
        case .null: ""
        }
    }
}
