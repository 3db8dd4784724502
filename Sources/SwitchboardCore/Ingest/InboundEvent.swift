import Foundation

/// Who sent an inbound message, as the channel knows them.
public struct InboundSender: Sendable, Equatable {
    /// The channel's stable id for this person (chat id, address, integration user id).
    public var externalID: String
    public var name: String?
    public var email: String?
    public var phone: String?
    /// BCP 47 language tag when the platform tells it (used to pick template variants).
    public var language: String?
    /// Other ids the channel gives the same person (WhatsApp's phone number beside its business-scoped
    /// user id): a contact known by any of them is this person, and keeps all of them.
    public var aliases: [String]

    public init(
        externalID: String, name: String? = nil, email: String? = nil, phone: String? = nil, language: String? = nil,
        aliases: [String] = []
    ) {
        self.externalID = externalID
        self.name = name
        self.email = email
        self.phone = phone
        self.language = language
        self.aliases = aliases
    }
}

/// A file that came with an inbound message.
///
/// Messengers send a reference instead of the bytes (a Telegram `file_id`, a WhatsApp media id, a
/// Viber or VK URL). Such an attachment is stored at once with empty `data` and its `remoteReference`;
/// the media worker downloads the content through the connector afterwards, so a webhook never waits
/// on the platform and agents never depend on a platform link that expires.
public struct InboundAttachment: Sendable, Equatable {
    public var name: String
    public var contentType: String
    public var data: [UInt8]
    /// The platform's handle for content still to be downloaded; nil when `data` is the content.
    public var remoteReference: String?

    public init(name: String, contentType: String, data: [UInt8], remoteReference: String? = nil) {
        self.name = name
        self.contentType = contentType
        self.data = data
        self.remoteReference = remoteReference
    }

    /// An attachment whose content the platform keeps until the media worker fetches it.
    public static func remote(name: String, contentType: String, reference: String) -> InboundAttachment {
        InboundAttachment(name: name, contentType: contentType, data: [], remoteReference: reference)
    }
}

/// What every connector turns its input into: one customer message, channel-neutral.
/// The ingest pipeline stores it; connectors never touch the database.
public struct InboundEvent: Sendable, Equatable {
    /// The platform's id for this message; the same id twice is the same delivery, stored once.
    public var externalID: String
    public var sender: InboundSender
    public var content: String
    public var html: String?
    public var subject: String?
    public var attachments: [InboundAttachment]
    /// Extra facts about the contact (form fields, integration attributes), merged into the contact.
    public var contactAttributes: [String: JSONValue]
    public var sentAt: Date?
    /// What arrived, byte for byte as text, kept with the message for audits and re-parsing.
    public var rawPayload: String
    /// An auto-reply, a bounce or list mail: stored, but never answered automatically (no mail loops).
    public var isAutomated: Bool
    /// Set by mail: the conversation is found through the thread, not as the contact's one open chat.
    public var threading: MailThreading?
    /// Set when the message stands for a phone call: `{status, from, at, …}`, shown as the message's `call`.
    public var call: [String: JSONValue]?

    public init(
        externalID: String, sender: InboundSender, content: String, html: String? = nil, subject: String? = nil,
        attachments: [InboundAttachment] = [], contactAttributes: [String: JSONValue] = [:], sentAt: Date? = nil,
        rawPayload: String, isAutomated: Bool = false, threading: MailThreading? = nil, call: [String: JSONValue]? = nil
    ) {
        self.call = call
        self.isAutomated = isAutomated
        self.threading = threading
        self.externalID = externalID
        self.sender = sender
        self.content = content
        self.html = html
        self.subject = subject
        self.attachments = attachments
        self.contactAttributes = contactAttributes
        self.sentAt = sentAt
        self.rawPayload = rawPayload
    }
}

/// An HTTP request reduced to plain values, so connectors can verify and parse webhooks and form posts
/// without knowing the HTTP framework.
public struct ChannelRequest: Sendable {
    public var method: String
    public var path: String
    /// Header names are lower-cased.
    public var headers: [String: String]
    public var query: [String: String]
    public var body: [UInt8]
    public var remoteAddress: String?

    public init(
        method: String, path: String, headers: [String: String], query: [String: String], body: [UInt8],
        remoteAddress: String?
    ) {
        self.method = method
        self.path = path
        self.headers = headers
        self.query = query
        self.body = body
        self.remoteAddress = remoteAddress
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}
