/// The channel an inbox speaks. Each kind has one connector; the kind decides which config keys are secret.
public enum ChannelKind: String, Sendable, Codable, CaseIterable {
    case api, webform, email, telegram, whatsapp, viber, vk, phone

    /// Config keys that are accepted on write but never returned by the API nor logged.
    public var secretConfigKeys: Set<String> {
        switch self {
        case .api, .webform: ["secret"]
        case .email: ["imap_password", "smtp_password"]
        case .telegram: ["bot_token", "secret_token"]
        case .whatsapp: ["access_token", "app_secret", "verify_token"]
        case .viber: ["auth_token"]
        case .vk: ["access_token", "secret", "confirmation_code"]
        case .phone: []
        }
    }

    /// Kinds whose platform posts to `/webhooks/{uid}`.
    public var receivesWebhooks: Bool {
        switch self {
        case .telegram, .whatsapp, .viber, .vk: true
        case .api, .webform, .email, .phone: false
        }
    }
}

/// Where a conversation stands. Only `resolved` closes it; a new message after that opens a new one.
public enum ConversationStatus: String, Sendable, Codable, CaseIterable {
    case open, pending, snoozed, resolved

    /// Statuses in which an incoming message joins the conversation instead of opening a new one.
    public static let active: [ConversationStatus] = [.open, .pending, .snoozed]
}

public enum Priority: String, Sendable, Codable, CaseIterable {
    case none, low, medium, high, urgent
}

/// What an agent may do: admins everything in their account, supervisors all inboxes,
/// agents only the conversations of their teams' inboxes or assigned to them.
public enum Role: String, Sendable, Codable, CaseIterable {
    case admin, supervisor, agent
}

public enum Availability: String, Sendable, Codable, CaseIterable {
    case online, busy, offline
}

public enum MessageDirection: String, Sendable, Codable {
    case incoming = "in"
    case outgoing = "out"
}

public enum SenderType: String, Sendable, Codable {
    /// `bot`: an inbox's external bot, talking through the API before a human takes over.
    case contact, agent, automation, bot
}

/// Delivery state of an outgoing message; `delivered`/`read` come from platform receipts.
public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    case queued, sent, delivered, read, failed
}
