import Foundation

/// One thing a messenger's webhook call told us, after its proof was checked.
///
/// Platforms post far more than customer messages: edits, receipts, subscription changes, echoes of our
/// own sends. Each becomes an item the server applies on purpose, or `.ignored` with the reason, so an
/// odd update is acknowledged and never blocks the channel.
public enum WebhookItem: Sendable, Equatable {
    /// A new message from a customer.
    case message(InboundEvent)
    /// The customer changed a message sent earlier; `externalID` is the one its `.message` carried.
    case edit(externalID: String, content: String, editedAt: Date?)
    /// A platform receipt for one of our replies, named by the id the platform returned when we sent it
    /// (`DeliveryReceipt.externalID`). `status` is `delivered`, `read` or `failed`.
    case receipt(externalID: String, status: DeliveryStatus, error: String?)
    /// The person blocked or unsubscribed from the bot (`reachable: false`), or came back (`true`).
    case reachability(senderExternalID: String, reachable: Bool, reason: String)
    /// Acknowledged and deliberately not stored: echoes of our own sends, typing, an unknown event type.
    /// Kept in the inbox's skipped list with the whole request as its payload.
    case ignored(String)
    /// Acknowledged but not stored for a reason worth more than a line: above all a person's message the
    /// connector could not read. Kept in the inbox's skipped list, and shown in its health when it is
    /// from a person.
    case skipped(SkippedPayload)

    /// A body that passed the platform's proof but cannot be read at all (not JSON, cut off): kept whole in
    /// the skipped list as a possibly lost message and acknowledged. Refusing it would not help — the
    /// platform resends the same bytes, holds back later updates meanwhile, and finally drops them — and
    /// nobody at the inbox would learn that something arrived.
    public static func unreadableBody(_ body: [UInt8], reason: String) -> WebhookItem {
        .skipped(SkippedPayload(.unreadable, reason: reason, payload: String(decoding: body, as: UTF8.self)))
    }
}

/// What the server answers the platform, which each platform expects in its own shape
/// (Telegram any 2xx, VK a plain `ok` or its confirmation code, WhatsApp the `hub.challenge`).
public struct WebhookResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int = 200, contentType: String = "text/plain; charset=utf-8", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    public static let ok = WebhookResponse(body: "ok")
}

/// A verified, parsed webhook call: what to store and what to answer.
public struct WebhookOutcome: Sendable, Equatable {
    public var items: [WebhookItem]
    public var response: WebhookResponse

    public init(items: [WebhookItem], response: WebhookResponse = .ok) {
        self.items = items
        self.response = response
    }
}

/// Downloaded content of a platform file.
public struct DownloadedMedia: Sendable, Equatable {
    public var data: [UInt8]
    /// What the platform said the content is, when it said; the stored type is kept otherwise.
    public var contentType: String?

    public init(data: [UInt8], contentType: String? = nil) {
        self.data = data
        self.contentType = contentType
    }
}

/// The platform's answer to registering our webhook URL (Telegram `setWebhook`, Viber `set_webhook`).
public struct WebhookRegistration: Sendable, Equatable {
    public var succeeded: Bool
    /// The platform's own words, shown to the administrator.
    public var message: String

    public init(succeeded: Bool, message: String) {
        self.succeeded = succeeded
        self.message = message
    }
}

/// A messenger platform: verifies and parses what it posts to `/webhooks/{uid}`, sends replies through
/// its API (as a `DeliveryConnector`), and fetches what its webhooks only refer to.
///
/// Implementations know the platform and never the database; the server stores the items they return.
public protocol MessengerConnector: DeliveryConnector {
    var kind: ChannelKind { get }

    /// Checks the platform's proof in constant time before reading anything, then parses the call.
    ///
    /// Throws `SwitchboardError.unauthorized` for a missing or wrong proof (nothing is stored),
    /// `.forbidden` for a failed subscription handshake (WhatsApp's wrong `hub.verify_token`), and
    /// `.malformed` only for a verified body that cannot be read at all. Anything readable but unknown is
    /// an `.ignored` item, never an error.
    func handleWebhook(_ request: ChannelRequest, inbox: Inbox, receivedAt: Date) throws -> WebhookOutcome

    /// Downloads the content behind an attachment's `remoteReference`.
    /// `.temporary` failures are tried again later; `.permanent` ones are recorded on the attachment.
    func downloadMedia(reference: String, inbox: Inbox) async throws(DeliveryFailure) -> DownloadedMedia

    /// Tells the platform where to post updates; nil when the platform is set up by hand (WhatsApp, VK).
    func registerWebhook(url: String, inbox: Inbox) async -> WebhookRegistration?

    /// Looks up a sender the webhook names only by id (VK's `users.get`); nil when there is nothing to add.
    func senderProfile(externalID: String, inbox: Inbox) async -> InboundSender?
}

extension MessengerConnector {
    public func registerWebhook(url: String, inbox: Inbox) async -> WebhookRegistration? { nil }
    public func senderProfile(externalID: String, inbox: Inbox) async -> InboundSender? { nil }
}
