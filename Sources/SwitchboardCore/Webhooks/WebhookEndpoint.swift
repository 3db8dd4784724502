import Foundation

/// Where an integration wants to hear about events, and how it has been answering.
public struct WebhookEndpoint: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var url: String
    /// Event types, or `*` for all of them.
    public var events: [String]
    public var description: String?
    public var enabled: Bool
    /// Since when every attempt has failed; nil after a success.
    public var failingSince: Date?
    /// Why the endpoint switched itself off (410 Gone, three days of failures).
    public var disabledReason: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, accountID: Int64, url: String, events: [String], description: String?, enabled: Bool, failingSince: Date?,
        disabledReason: String?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.url = url
        self.events = events
        self.description = description
        self.enabled = enabled
        self.failingSince = failingSince
        self.disabledReason = disabledReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// `healthy`, `failing` (retrying) or `disabled`.
    public var health: String {
        if !enabled { return "disabled" }
        return failingSince == nil ? "healthy" : "failing"
    }
}

public struct NewWebhookEndpoint: Sendable {
    public var url: String
    public var events: [String]
    public var description: String?
    public var enabled: Bool
    /// `whsec_` and the base64 of the signing key.
    public var secret: String

    public init(url: String, events: [String], description: String?, enabled: Bool, secret: String) {
        self.url = url
        self.events = events
        self.description = description
        self.enabled = enabled
        self.secret = secret
    }
}

/// A partial change: nil leaves a field as it is (`description` `.some(nil)` clears it).
public struct WebhookEndpointChange: Sendable {
    public var url: String?
    public var events: [String]?
    public var description: String??
    public var enabled: Bool?

    public init(url: String? = nil, events: [String]? = nil, description: String?? = nil, enabled: Bool? = nil) {
        self.url = url
        self.events = events
        self.description = description
        self.enabled = enabled
    }
}

public enum WebhookDeliveryStatus: String, Sendable, Codable {
    case pending, succeeded, failed, dead
}

public struct WebhookDelivery: Sendable, Equatable {
    public var id: Int64
    public var endpointID: Int64
    public var eventID: Int64
    public var eventType: String
    public var status: WebhookDeliveryStatus
    public var attempts: Int
    public var lastStatusCode: Int?
    public var lastError: String?
    public var nextAttemptAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, endpointID: Int64, eventID: Int64, eventType: String, status: WebhookDeliveryStatus, attempts: Int,
        lastStatusCode: Int?, lastError: String?, nextAttemptAt: Date?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.endpointID = endpointID
        self.eventID = eventID
        self.eventType = eventType
        self.status = status
        self.attempts = attempts
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A delivery claimed for sending: everything the request needs.
public struct DueWebhookDelivery: Sendable {
    public var id: Int64
    public var endpointID: Int64
    public var url: String
    public var secret: String
    public var payload: String
    /// Attempts made before this one.
    public var attempts: Int
    /// The endpoint is an inbox's bot: people wait on it, so its deliveries die after the short schedule.
    public var servesBot: Bool

    public init(
        id: Int64, endpointID: Int64, url: String, secret: String, payload: String, attempts: Int, servesBot: Bool = false
    ) {
        self.servesBot = servesBot
        self.id = id
        self.endpointID = endpointID
        self.url = url
        self.secret = secret
        self.payload = payload
        self.attempts = attempts
    }
}

/// How one attempt ended.
public enum WebhookAttemptOutcome: Sendable, Equatable {
    case succeeded(statusCode: Int)
    /// Tried again at `retryAt`; nil when the schedule is spent (the delivery is dead).
    case failed(statusCode: Int?, error: String, retryAt: Date?)
    /// 410 Gone: the receiver asked us to stop; the endpoint is disabled.
    case gone
}
