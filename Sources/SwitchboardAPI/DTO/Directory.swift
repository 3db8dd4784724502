import Foundation
import SwitchboardCore

// What the API answers: the domain records in the contract's snake_case shape.

struct AgentDTO: Encodable {
    var id: Int64
    var name: String
    var email: String
    var role: Role
    var availability: Availability
    var capacity: Int?
    var createdAt: Date
    var updatedAt: Date
    var active: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, email, role, availability, capacity, active
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(email, forKey: .email)
        try container.encode(role, forKey: .role)
        try container.encode(availability, forKey: .availability)
        try container.encode(capacity, forKey: .capacity)
        try container.encode(active, forKey: .active)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    init(_ agent: Agent) {
        id = agent.id
        name = agent.name
        email = agent.email
        role = agent.role
        availability = agent.availability
        capacity = agent.capacity
        active = agent.active
        createdAt = agent.createdAt
        updatedAt = agent.updatedAt
    }
}

struct TeamDTO: Encodable {
    var id: Int64
    var name: String
    var memberIDs: [Int64]
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name
        case memberIDs = "member_ids", createdAt = "created_at"
    }

    init(_ team: Team) {
        id = team.id
        name = team.name
        memberIDs = team.memberIDs
        createdAt = team.createdAt
    }
}

struct ChannelDTO: Encodable {
    var kind: ChannelKind
    var config: [String: JSONValue]
    var secretsSet: [String]

    enum CodingKeys: String, CodingKey {
        case kind, config
        case secretsSet = "secrets_set"
    }
}

struct AssignmentDTO: Codable {
    var policy: AssignmentPolicy?
    var sticky: Bool?
    var requeueAfterMinutes: Patch<Int>
    var defaultCapacity: Patch<Int>

    enum CodingKeys: String, CodingKey {
        case policy, sticky
        case requeueAfterMinutes = "requeue_after_minutes", defaultCapacity = "default_capacity"
    }

    init(_ settings: AssignmentSettings) {
        policy = settings.policy
        sticky = settings.sticky
        requeueAfterMinutes = settings.requeueAfterMinutes.map { .value($0) } ?? .null
        defaultCapacity = settings.defaultCapacity.map { .value($0) } ?? .null
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        policy = try container.decodeIfPresent(AssignmentPolicy.self, forKey: .policy)
        sticky = try container.decodeIfPresent(Bool.self, forKey: .sticky)
        requeueAfterMinutes = try container.decodePatch(Int.self, forKey: .requeueAfterMinutes)
        defaultCapacity = try container.decodePatch(Int.self, forKey: .defaultCapacity)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(policy, forKey: .policy)
        try container.encode(sticky, forKey: .sticky)
        try container.encode(requeueAfterMinutes.value, forKey: .requeueAfterMinutes)
        try container.encode(defaultCapacity.value, forKey: .defaultCapacity)
    }

    /// The settings after applying this (partial) input to `current`.
    func applied(to current: AssignmentSettings) -> AssignmentSettings {
        AssignmentSettings(
            policy: policy ?? current.policy, sticky: sticky ?? current.sticky,
            requeueAfterMinutes: requeueAfterMinutes.change ?? current.requeueAfterMinutes,
            defaultCapacity: defaultCapacity.change ?? current.defaultCapacity
        )
    }
}

struct InboxDTO: Encodable {
    var inbox: Inbox
    var baseURL: String
    /// Shown once, when the server generated the signing secret at creation.
    var signingSecret: String?
    /// The platform's answer when this request registered the webhook (Telegram, Viber).
    var registration: WebhookRegistration?

    init(inbox: Inbox, baseURL: String, signingSecret: String? = nil, registration: WebhookRegistration? = nil) {
        self.inbox = inbox
        self.baseURL = baseURL
        self.signingSecret = signingSecret
        self.registration = registration
    }

    init(_ configured: ConfigureInbox.Configured, baseURL: String) {
        self.init(
            inbox: configured.inbox, baseURL: baseURL, signingSecret: configured.generatedSecret,
            registration: configured.registration
        )
    }

    enum CodingKeys: String, CodingKey {
        case id, uid, name, channel, deleted, assignment, health, automations, intake, bot
        case escalationTeamIDs = "escalation_team_ids"
        case teamID = "team_id", greetingTemplateID = "greeting_template_id", webhookURL = "webhook_url"
        case formURL = "form_url", messagesURL = "messages_url", createdAt = "created_at", updatedAt = "updated_at"
        case signingSecret = "signing_secret", webhookRegistration = "webhook_registration"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inbox.id, forKey: .id)
        try container.encode(inbox.uid, forKey: .uid)
        try container.encode(inbox.name, forKey: .name)
        try container.encode(
            ChannelDTO(kind: inbox.kind, config: inbox.publicConfig, secretsSet: inbox.secretKeysSet), forKey: .channel
        )
        try container.encode(inbox.teamID, forKey: .teamID)
        try container.encode(inbox.greetingTemplateID, forKey: .greetingTemplateID)
        try container.encode(AssignmentDTO(inbox.assignment), forKey: .assignment)
        try container.encode(AutomationsDTO(inbox.automations), forKey: .automations)
        try container.encode(inbox.escalationTeamIDs, forKey: .escalationTeamIDs)
        try container.encode(inbox.intake?.json ?? .null, forKey: .intake)
        try container.encode(inbox.botEndpointID.map { BotDTO(webhookEndpointID: $0) }, forKey: .bot)
        if inbox.kind.receivesWebhooks {
            try container.encode("\(baseURL)/webhooks/\(inbox.uid)", forKey: .webhookURL)
        }
        if inbox.kind == .webform { try container.encode("\(baseURL)/forms/\(inbox.uid)", forKey: .formURL) }
        if inbox.kind == .api {
            try container.encode("\(baseURL)/api/v1/inboxes/\(inbox.id)/messages", forKey: .messagesURL)
        }
        try container.encode(inbox.deletedAt != nil, forKey: .deleted)
        try container.encode(inbox.createdAt, forKey: .createdAt)
        try container.encode(inbox.updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(signingSecret, forKey: .signingSecret)
        try container.encode(HealthDTO(health: inbox.health), forKey: .health)
        if let registration {
            try container.encode(RegistrationDTO(registration: registration), forKey: .webhookRegistration)
        }
    }
}

/// `health`: `ok` until something goes wrong, `error` while the last thing that happened was a failure.
/// `last_skipped_message` names the last person's message acknowledged without being stored (the
/// inbox's `skipped` list has it), so a lost request is seen even while the channel works.
struct HealthDTO: Encodable {
    var health: ChannelHealth

    enum CodingKeys: String, CodingKey {
        case status
        case lastEventAt = "last_event_at", lastError = "last_error", lastErrorAt = "last_error_at"
        case lastSkippedMessage = "last_skipped_message"
    }

    struct SkippedMessage: Encodable {
        var at: Date
        var reason: String
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(health.lastError == nil ? "ok" : "error", forKey: .status)
        try container.encode(health.lastEventAt, forKey: .lastEventAt)
        try container.encode(health.lastError, forKey: .lastError)
        try container.encode(health.lastErrorAt, forKey: .lastErrorAt)
        try container.encode(
            health.lastSkippedMessageAt.map { SkippedMessage(at: $0, reason: health.lastSkippedMessageReason ?? "") },
            forKey: .lastSkippedMessage
        )
    }
}

struct RegistrationDTO: Encodable {
    var registration: WebhookRegistration

    enum CodingKeys: String, CodingKey { case succeeded, message }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(registration.succeeded, forKey: .succeeded)
        try container.encode(registration.message, forKey: .message)
    }
}

struct ListDTO<Item: Encodable>: Encodable {
    var items: [Item]
}

struct PageDTO<Item: Encodable>: Encodable {
    var items: [Item]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// A token in its owner's list: never the token, only its first characters.
struct SessionInfoDTO: Encodable {
    var session: SessionInfo

    enum CodingKeys: String, CodingKey {
        case id, address, current
        case createdAt = "created_at", lastSeenAt = "last_seen_at"
    }

    init(_ session: SessionInfo) { self.session = session }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(session.id, forKey: .id)
        try container.encode(session.address, forKey: .address)
        try container.encode(session.createdAt, forKey: .createdAt)
        try container.encode(session.lastSeenAt, forKey: .lastSeenAt)
        try container.encode(session.current, forKey: .current)
    }
}

struct TokenInfoDTO: Encodable {
    var id: Int64
    var name: String?
    var prefix: String?
    var createdAt: Date
    var lastUsedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, prefix
        case createdAt = "created_at", lastUsedAt = "last_used_at"
    }

    init(_ token: TokenInfo) {
        id = token.id
        name = token.name
        prefix = token.prefix
        createdAt = token.createdAt
        lastUsedAt = token.lastUsedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(prefix, forKey: .prefix)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
    }
}

/// An inbox's external bot: the webhook endpoint that hears of its new conversations.
struct BotDTO: Codable, Sendable, Equatable {
    var webhookEndpointID: Int64

    enum CodingKeys: String, CodingKey {
        case webhookEndpointID = "webhook_endpoint_id"
    }
}
