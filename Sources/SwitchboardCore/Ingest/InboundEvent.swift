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

    public init(externalID: String, name: String? = nil, email: String? = nil, phone: String? = nil, language: String? = nil) {
        self.externalID = externalID
        self.name = name
        self.email = email
        self.phone = phone
        self.language = language
    }
}

/// A file that came with an inbound message.
public struct InboundAttachment: Sendable, Equatable {
    public var name: String
    public var contentType: String
    public var data: [UInt8]

    public init(name: String, contentType: String, data: [UInt8]) {
        self.name = name
        self.contentType = contentType
        self.data = data
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

    public init(
        externalID: String, sender: InboundSender, content: String, html: String? = nil, subject: String? = nil,
        attachments: [InboundAttachment] = [], contactAttributes: [String: JSONValue] = [:], sentAt: Date? = nil,
        rawPayload: String
    ) {
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
