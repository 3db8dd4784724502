import Foundation

/// An organization. Everything it owns carries its id, so one deployment serves many organizations.
public struct Account: Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// Where "now", rule times and office hours are read (an IANA name such as "Europe/Kyiv").
    public var timeZone: String
    /// The template variant for contacts whose language no template has (or who have none).
    public var defaultLanguage: String?
    /// Answered conversations nobody has written in for this long are resolved by themselves; nil never.
    public var autoResolveIdleMinutes: Int?
    /// A conversation with no human public reply this long after its start counts as missed in reports.
    public var missedAfterMinutes: Int
    public var retention: RetentionSettings
    public var createdAt: Date

    public init(
        id: Int64, name: String, timeZone: String = "UTC", defaultLanguage: String? = nil, autoResolveIdleMinutes: Int? = nil,
        missedAfterMinutes: Int = 60, retention: RetentionSettings = RetentionSettings(), createdAt: Date
    ) {
        self.retention = retention
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.defaultLanguage = defaultLanguage
        self.autoResolveIdleMinutes = autoResolveIdleMinutes
        self.missedAfterMinutes = missedAfterMinutes
        self.createdAt = createdAt
    }
}

/// A person who answers conversations (or administers the account).
public struct Agent: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    public var email: String
    public var role: Role
    public var availability: Availability
    /// At most this many open and pending conversations; nil takes the inbox's default capacity.
    public var capacity: Int?
    public var createdAt: Date
    public var updatedAt: Date
    /// False once deactivated: history stays, sign-in and tokens stop working, assignment passes them by.
    public var active: Bool

    public init(
        id: Int64, accountID: Int64, name: String, email: String, role: Role, availability: Availability,
        capacity: Int?, createdAt: Date, updatedAt: Date, active: Bool = true
    ) {
        self.active = active
        self.id = id
        self.accountID = accountID
        self.name = name
        self.email = email
        self.role = role
        self.availability = availability
        self.capacity = capacity
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The agent behind a request, with what the access rules need to know about them.
public struct Principal: Sendable, Equatable {
    public var agent: Agent
    public var teamIDs: [Int64]
    /// The API token the request came with.
    public var tokenID: Int64?

    public init(agent: Agent, teamIDs: [Int64], tokenID: Int64? = nil) {
        self.tokenID = tokenID
        self.agent = agent
        self.teamIDs = teamIDs
    }

    public var accountID: Int64 { agent.accountID }
    public var role: Role { agent.role }
    /// Admins and supervisors see every inbox of their account; agents only their teams'.
    public var seesAllConversations: Bool { role != .agent }
}

public struct Team: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    public var memberIDs: [Int64]
    public var createdAt: Date

    public init(id: Int64, accountID: Int64, name: String, memberIDs: [Int64], createdAt: Date) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.memberIDs = memberIDs
        self.createdAt = createdAt
    }
}

/// One entry point for customers: a web form, a bot, a mailbox, an API integration.
public struct Inbox: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    /// Random and unguessable: public endpoints address inboxes by it, never by id.
    public var uid: String
    public var name: String
    public var kind: ChannelKind
    /// Channel settings including secrets; use `publicConfig` for anything shown to people.
    public var config: [String: JSONValue]
    public var teamID: Int64?
    public var greetingTemplateID: Int64?
    public var assignment: AssignmentSettings
    public var automations: InboxAutomations
    /// Support lines in order: the `escalate` rule action moves a conversation to the next one.
    public var escalationTeamIDs: [Int64]
    /// The questionnaire a bot asks new conversations before a human sees them; nil asks nothing.
    public var intake: IntakeQuestionnaire?
    /// The webhook endpoint of an external bot that talks with new conversations first; nil has none.
    public var botEndpointID: Int64?
    public var health: ChannelHealth
    public var createdAt: Date
    public var updatedAt: Date
    public var deletedAt: Date?

    public init(
        id: Int64, accountID: Int64, uid: String, name: String, kind: ChannelKind, config: [String: JSONValue],
        teamID: Int64?, greetingTemplateID: Int64?, assignment: AssignmentSettings = .off,
        automations: InboxAutomations = InboxAutomations(), escalationTeamIDs: [Int64] = [],
        intake: IntakeQuestionnaire? = nil, botEndpointID: Int64? = nil, health: ChannelHealth = ChannelHealth(),
        createdAt: Date, updatedAt: Date, deletedAt: Date?
    ) {
        self.botEndpointID = botEndpointID
        self.intake = intake
        self.escalationTeamIDs = escalationTeamIDs
        self.automations = automations
        self.assignment = assignment
        self.health = health
        self.id = id
        self.accountID = accountID
        self.uid = uid
        self.name = name
        self.kind = kind
        self.config = config
        self.teamID = teamID
        self.greetingTemplateID = greetingTemplateID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deletedAt = deletedAt
    }

    /// The config without its secrets; a URL's `user:password@` is a secret too and is left out of it.
    public var publicConfig: [String: JSONValue] {
        var shown = config.filter { !kind.secretConfigKeys.contains($0.key) }
        for (key, value) in shown where key.hasSuffix("_url") {
            guard case .string(let text) = value, var parts = URLComponents(string: text), parts.user != nil || parts.password != nil
            else { continue }
            parts.user = nil
            parts.password = nil
            shown[key] = .string(parts.string ?? "")
        }
        return shown
    }

    /// Names of the secret keys that are set, so a client can tell a secret is configured without seeing it
    /// (`callback_url.credentials` when the callback URL carries a user name or password).
    public var secretKeysSet: [String] {
        var keys = config.keys.filter { kind.secretConfigKeys.contains($0) }
        if let url = config["callback_url"]?.stringValue, let parts = URLComponents(string: url), parts.user != nil || parts.password != nil {
            keys.append("callback_url.credentials")
        }
        return keys.sorted()
    }

    public func configString(_ key: String) -> String? {
        guard let value = config[key]?.stringValue, !value.isEmpty else { return nil }
        return value
    }
}

/// When the channel last spoke to us and what last went wrong with it: the first thing an administrator
/// checks when a channel goes quiet (a revoked token, a webhook the platform stopped calling).
public struct ChannelHealth: Sendable, Equatable {
    public var lastEventAt: Date?
    public var lastError: String?
    public var lastErrorAt: Date?
    /// When a person's message was last acknowledged without being stored (see the inbox's skipped list).
    public var lastSkippedMessageAt: Date?
    public var lastSkippedMessageReason: String?

    public init(
        lastEventAt: Date? = nil, lastError: String? = nil, lastErrorAt: Date? = nil, lastSkippedMessageAt: Date? = nil,
        lastSkippedMessageReason: String? = nil
    ) {
        self.lastEventAt = lastEventAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.lastSkippedMessageAt = lastSkippedMessageAt
        self.lastSkippedMessageReason = lastSkippedMessageReason
    }
}

public struct Contact: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    public var email: String?
    public var phone: String?
    public var language: String?
    public var attributes: [String: JSONValue]
    public var blocked: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, accountID: Int64, name: String, email: String?, phone: String?, language: String?,
        attributes: [String: JSONValue], blocked: Bool, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.email = email
        self.phone = phone
        self.language = language
        self.attributes = attributes
        self.blocked = blocked
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// How a contact is known on one inbox's channel (a chat id, an email address, an integration's user id).
public struct ContactIdentity: Sendable, Equatable {
    public var id: Int64
    public var inboxID: Int64
    public var channel: ChannelKind
    public var externalID: String
    public var createdAt: Date
    /// Why replies cannot reach the person through this identity (they blocked the bot); nil when they can.
    public var unreachableReason: String?

    public init(
        id: Int64, inboxID: Int64, channel: ChannelKind, externalID: String, createdAt: Date, unreachableReason: String? = nil
    ) {
        self.unreachableReason = unreachableReason
        self.id = id
        self.inboxID = inboxID
        self.channel = channel
        self.externalID = externalID
        self.createdAt = createdAt
    }
}

public struct MessageSummary: Sendable, Equatable {
    public var direction: MessageDirection
    public var content: String
    public var createdAt: Date

    public init(direction: MessageDirection, content: String, createdAt: Date) {
        self.direction = direction
        self.content = content
        self.createdAt = createdAt
    }
}

public struct Conversation: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var inboxID: Int64
    public var contactID: Int64
    public var contactName: String
    public var status: ConversationStatus
    public var assigneeID: Int64?
    public var teamID: Int64?
    public var priority: Priority
    public var labels: [String]
    /// A path of the account's category list ("Legal/Housing"), as it was when set.
    public var category: String?
    public var subject: String?
    public var snoozedUntil: Date?
    public var lastMessage: MessageSummary?
    /// For a conversation waiting for automatic assignment: its place in its team's queue (1 = next).
    public var queuePosition: Int?
    /// The position divided by the recent assignment rate; nil while there is no recent rate.
    public var estimatedWaitMinutes: Int?
    /// The contact's answer to the satisfaction survey.
    public var satisfaction: Satisfaction?
    /// The intake bot's questionnaire on this conversation, when its inbox has one.
    public var intake: IntakeProgress?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, accountID: Int64, inboxID: Int64, contactID: Int64, contactName: String,
        status: ConversationStatus, assigneeID: Int64?, teamID: Int64?, priority: Priority, labels: [String],
        subject: String?, snoozedUntil: Date?, lastMessage: MessageSummary?, queuePosition: Int? = nil,
        estimatedWaitMinutes: Int? = nil, satisfaction: Satisfaction? = nil, category: String? = nil,
        intake: IntakeProgress? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.intake = intake
        self.category = category
        self.satisfaction = satisfaction
        self.queuePosition = queuePosition
        self.estimatedWaitMinutes = estimatedWaitMinutes
        self.id = id
        self.accountID = accountID
        self.inboxID = inboxID
        self.contactID = contactID
        self.contactName = contactName
        self.status = status
        self.assigneeID = assigneeID
        self.teamID = teamID
        self.priority = priority
        self.labels = labels
        self.subject = subject
        self.snoozedUntil = snoozedUntil
        self.lastMessage = lastMessage
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A rating the contact gave after the conversation was resolved.
public struct Satisfaction: Sendable, Equatable {
    public var rating: Int
    public var comment: String?
    public var ratedAt: Date

    public init(rating: Int, comment: String?, ratedAt: Date) {
        self.rating = rating
        self.comment = comment
        self.ratedAt = ratedAt
    }
}

public struct AttachmentInfo: Sendable, Equatable {
    /// Whether the content is here: messenger files are downloaded after the message is stored.
    public enum State: String, Sendable, Codable {
        case ready, pending, failed
    }

    public var id: Int64
    public var name: String
    public var contentType: String
    public var size: Int
    public var state: State
    /// Why the download failed (or is being retried).
    public var error: String?

    public init(id: Int64, name: String, contentType: String, size: Int, state: State = .ready, error: String? = nil) {
        self.id = id
        self.name = name
        self.contentType = contentType
        self.size = size
        self.state = state
        self.error = error
    }
}

/// An attachment with its bytes, for download.
public struct AttachmentFile: Sendable {
    public var info: AttachmentInfo
    public var conversationID: Int64
    public var data: [UInt8]

    public init(info: AttachmentInfo, conversationID: Int64, data: [UInt8]) {
        self.info = info
        self.conversationID = conversationID
        self.data = data
    }
}

public struct MessageSender: Sendable, Equatable {
    public var type: SenderType
    public var id: Int64?
    public var name: String?

    public init(type: SenderType, id: Int64?, name: String?) {
        self.type = type
        self.id = id
        self.name = name
    }
}

public struct Message: Sendable, Equatable {
    public var id: Int64
    public var conversationID: Int64
    public var direction: MessageDirection
    public var sender: MessageSender
    public var content: String
    public var isPrivate: Bool
    public var attachments: [AttachmentInfo]
    public var deliveryStatus: DeliveryStatus?
    public var deliveryError: String?
    public var createdAt: Date
    /// When the customer last edited the message on their platform.
    public var editedAt: Date?
    /// An email's own subject (a reply may change it while staying in the thread).
    public var subject: String?
    /// The phone call the message stands for (`{status: missed|answered, …}`); nil for other messages.
    public var call: JSONValue?

    public init(
        id: Int64, conversationID: Int64, direction: MessageDirection, sender: MessageSender, content: String,
        isPrivate: Bool, attachments: [AttachmentInfo], deliveryStatus: DeliveryStatus?, deliveryError: String?,
        createdAt: Date, editedAt: Date? = nil, subject: String? = nil, call: JSONValue? = nil
    ) {
        self.call = call
        self.editedAt = editedAt
        self.subject = subject
        self.id = id
        self.conversationID = conversationID
        self.direction = direction
        self.sender = sender
        self.content = content
        self.isPrivate = isPrivate
        self.attachments = attachments
        self.deliveryStatus = deliveryStatus
        self.deliveryError = deliveryError
        self.createdAt = createdAt
    }
}
