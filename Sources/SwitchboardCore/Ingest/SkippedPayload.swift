import Foundation

/// Why something was acknowledged without a message being stored: one short fixed word per kind of
/// reason, so the `switchboard_skipped_total{channel,reason}` metric has few series and alerts can
/// tell a deliberate skip from a lost message.
public enum SkipCategory: String, Sendable, Equatable, CaseIterable {
    /// Skipped on purpose: group chats, channel posts, typing, echoes of our own sends, unknown events.
    case ignored
    /// A person's message the connector could not read (no sender, no id, a shape it does not know).
    case unreadable
    /// Read, but the ingest refused it (empty, an id too long): sending it again cannot help.
    case rejected
    /// An edit or receipt naming a message we never stored.
    case unmatched
    /// Mail the poller did not take in (over the size limit, unreadable, failing again and again).
    case refused

    /// Whether skips of this kind usually lose something a person wrote, so the inbox's health shows them.
    public var losesPersonMessage: Bool {
        switch self {
        case .unreadable, .rejected, .refused: true
        case .ignored, .unmatched: false
        }
    }
}

/// A payload an inbox acknowledged without storing a message, kept 30 days with the reason, so that
/// nothing a person sends is silently dropped.
public struct SkippedPayload: Sendable, Equatable {
    public var category: SkipCategory
    /// The administrator's words: what it was and why it was not stored.
    public var reason: String
    /// The platform's id of the skipped thing (message id, update id, mail UID) when it has one.
    public var externalID: String?
    /// What arrived, as text; nil means "the whole request", which the intake fills in.
    public var payload: String?
    /// A person's text or media (shown in the inbox's health), as opposed to typing or group chatter.
    public var fromPerson: Bool

    public init(
        _ category: SkipCategory, reason: String, externalID: String? = nil, payload: String? = nil,
        fromPerson: Bool? = nil
    ) {
        self.category = category
        self.reason = reason
        self.externalID = externalID
        self.payload = payload
        self.fromPerson = fromPerson ?? category.losesPersonMessage
    }
}

/// A skipped payload as the administrator lists it.
public struct SkippedRecord: Sendable, Equatable {
    public var id: Int64
    public var receivedAt: Date
    public var channel: ChannelKind
    public var category: SkipCategory
    public var externalID: String?
    public var reason: String
    public var payload: String
    public var fromPerson: Bool

    public init(
        id: Int64, receivedAt: Date, channel: ChannelKind, category: SkipCategory, externalID: String?, reason: String,
        payload: String, fromPerson: Bool
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.channel = channel
        self.category = category
        self.externalID = externalID
        self.reason = reason
        self.payload = payload
        self.fromPerson = fromPerson
    }
}

/// How long skipped payloads are kept.
public enum SkippedRetention {
    public static let days = 30
}
